using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A message returned by <c>POST /v1/messages</c> (also the <c>message</c> of <c>message_start</c>).</summary>
public sealed class Message
{
    /// <summary>The message id (<c>msg_...</c>).</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Always <c>message</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "message";

    /// <summary>Always <c>assistant</c> for responses.</summary>
    [JsonPropertyName("role")]
    public string Role { get; set; } = "assistant";

    /// <summary>The model that answered.</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = "";

    /// <summary>The content blocks; unknown block types are kept as plain <see cref="ContentBlock"/>.</summary>
    [JsonPropertyName("content")]
    public IList<ContentBlock> Content { get; set; } = [];

    /// <summary>Why generation stopped (see <see cref="StopReasons"/>); null while streaming.</summary>
    [JsonPropertyName("stop_reason")]
    public string? StopReason { get; set; }

    /// <summary>The stop sequence that was generated, if any.</summary>
    [JsonPropertyName("stop_sequence")]
    public string? StopSequence { get; set; }

    /// <summary>Token usage.</summary>
    [JsonPropertyName("usage")]
    public Usage Usage { get; set; } = new();
}
