namespace Skillgate.Upstream;

/// <summary>
/// A run of complete SSE events exactly as the upstream sent them, and what it contained. The memory is valid
/// until the next read on the same <see cref="SseStreamReader"/>.
/// </summary>
internal readonly struct SseRun
{
    public SseRun(ReadOnlyMemory<byte> bytes, bool hasFirstToken, bool hasMessageStop, bool hasError)
    {
        Bytes = bytes;
        HasFirstToken = hasFirstToken;
        HasMessageStop = hasMessageStop;
        HasError = hasError;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Contains an event that means content is flowing (a delta, a stop, or an event type we do not know).</summary>
    public bool HasFirstToken { get; }

    public bool HasMessageStop { get; }

    /// <summary>Contains an <c>event: error</c>; the run ends with it.</summary>
    public bool HasError { get; }

    public bool IsEndOfStream => Bytes.IsEmpty;
}
