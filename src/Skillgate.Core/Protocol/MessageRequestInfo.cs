namespace Skillgate.Protocol;

/// <summary>The few fields of a Messages request that routing and rate limiting need, read from the raw
/// body by <see cref="MessageRequestParser"/>; the body itself is forwarded untouched.</summary>
public sealed class MessageRequestInfo
{
    /// <summary>The model id.</summary>
    public string Model { get; internal set; } = "";

    /// <summary><c>max_tokens</c>, or 0 when absent (allowed for count_tokens).</summary>
    public int MaxTokens { get; internal set; }

    /// <summary>Whether <c>stream</c> is true.</summary>
    public bool Stream { get; internal set; }

    /// <summary><c>metadata.user_id</c>, if any.</summary>
    public string? UserId { get; internal set; }

    /// <summary>Number of entries in <c>messages</c>.</summary>
    public int MessageCount { get; internal set; }

    /// <summary>Number of entries in <c>tools</c>.</summary>
    public int ToolCount { get; internal set; }

    /// <summary>The name of the first tool, if any.</summary>
    public string? FirstToolName { get; internal set; }

    /// <summary>Up to 8 property names of the first tool's <c>input_schema.properties</c>.</summary>
    public IReadOnlyList<string> FirstToolProperties { get; internal set; } = [];

    /// <summary><c>tool_choice.type</c> (<c>auto</c>, <c>any</c>, <c>tool</c>, <c>none</c>), if given.</summary>
    public string? ToolChoiceType { get; internal set; }

    /// <summary><c>tool_choice.name</c> when <see cref="ToolChoiceType"/> is <c>tool</c>.</summary>
    public string? ToolChoiceName { get; internal set; }

    /// <summary>Text amounts of system, messages and tools, for token estimation.</summary>
    public TextStats Text { get; internal set; }

    /// <summary>Byte offset of the last message in the body when its role is <c>user</c>, else -1.</summary>
    public int LastUserMessageOffset { get; internal set; } = -1;

    /// <summary>Byte length of the last user message (see <see cref="LastUserMessageOffset"/>).</summary>
    public int LastUserMessageLength { get; internal set; }

    /// <summary>Input tokens estimated from <see cref="Text"/> with the built-in heuristic.</summary>
    public int EstimatedInputTokens => Text.EstimateTokens();
}
