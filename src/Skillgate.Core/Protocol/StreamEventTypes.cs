namespace Skillgate.Protocol;

/// <summary>The SSE event names (and <c>type</c> values) of a streamed message.</summary>
public static class StreamEventTypes
{
    /// <summary>First event: the message with empty content and the input usage.</summary>
    public const string MessageStart = "message_start";

    /// <summary>A content block begins.</summary>
    public const string ContentBlockStart = "content_block_start";

    /// <summary>A piece of a content block.</summary>
    public const string ContentBlockDelta = "content_block_delta";

    /// <summary>A content block ends.</summary>
    public const string ContentBlockStop = "content_block_stop";

    /// <summary>Top-level changes (stop reason) and cumulative usage.</summary>
    public const string MessageDelta = "message_delta";

    /// <summary>Last event of a successful stream.</summary>
    public const string MessageStop = "message_stop";

    /// <summary>Keep-alive.</summary>
    public const string Ping = "ping";

    /// <summary>An error that ends the stream.</summary>
    public const string Error = "error";
}
