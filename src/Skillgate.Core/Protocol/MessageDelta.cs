using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>The <c>delta</c> of a <c>message_delta</c> event.</summary>
public sealed class MessageDelta
{
    /// <summary>Why generation stopped (see <see cref="StopReasons"/>).</summary>
    [JsonPropertyName("stop_reason")]
    public string? StopReason { get; set; }

    /// <summary>The stop sequence that was generated, if any.</summary>
    [JsonPropertyName("stop_sequence")]
    public string? StopSequence { get; set; }
}
