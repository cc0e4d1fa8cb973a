using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>An event of a streamed message. Unknown event types deserialize to this base class.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", IgnoreUnrecognizedTypeDiscriminators = true,
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToBaseType)]
[JsonDerivedType(typeof(MessageStartEvent), StreamEventTypes.MessageStart)]
[JsonDerivedType(typeof(ContentBlockStartEvent), StreamEventTypes.ContentBlockStart)]
[JsonDerivedType(typeof(ContentBlockDeltaEvent), StreamEventTypes.ContentBlockDelta)]
[JsonDerivedType(typeof(ContentBlockStopEvent), StreamEventTypes.ContentBlockStop)]
[JsonDerivedType(typeof(MessageDeltaEvent), StreamEventTypes.MessageDelta)]
[JsonDerivedType(typeof(MessageStopEvent), StreamEventTypes.MessageStop)]
[JsonDerivedType(typeof(PingEvent), StreamEventTypes.Ping)]
[JsonDerivedType(typeof(ErrorEvent), StreamEventTypes.Error)]
public class StreamEvent
{
    /// <summary>The event type (see <see cref="StreamEventTypes"/>); for unknown events, the SSE event name.</summary>
    [JsonIgnore]
    public virtual string EventType => "";
}
