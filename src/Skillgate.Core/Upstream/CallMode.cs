namespace Skillgate.Upstream;

/// <summary>What a call returns once an attempt succeeded.</summary>
internal enum CallMode
{
    /// <summary>The whole body, read into memory within the total timeout.</summary>
    Buffered,

    /// <summary>An SSE stream, returned once the first token arrived.</summary>
    Streaming,

    /// <summary>The response headers, with the body left unread for the caller.</summary>
    Raw,
}
