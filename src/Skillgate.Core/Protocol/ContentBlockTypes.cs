namespace Skillgate.Protocol;

/// <summary>The <c>type</c> values of content blocks.</summary>
public static class ContentBlockTypes
{
    /// <summary>Text.</summary>
    public const string Text = "text";

    /// <summary>A tool call by the model.</summary>
    public const string ToolUse = "tool_use";

    /// <summary>A tool result sent by the caller.</summary>
    public const string ToolResult = "tool_result";

    /// <summary>Extended thinking.</summary>
    public const string Thinking = "thinking";

    /// <summary>Encrypted extended thinking.</summary>
    public const string RedactedThinking = "redacted_thinking";

    /// <summary>A document (PDF, plain text) sent by the caller.</summary>
    public const string Document = "document";

    /// <summary>An image sent by the caller.</summary>
    public const string Image = "image";
}
