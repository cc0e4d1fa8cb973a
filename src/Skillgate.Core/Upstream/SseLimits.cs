namespace Skillgate.Upstream;

/// <summary>
/// Bounds shared by the SSE readers (<see cref="SseStreamReader"/>, <see cref="SsePushReader"/>), so that a peer sending
/// an endless event (no blank line) cannot grow the gateway's memory without bound.
/// </summary>
internal static class SseLimits
{
    /// <summary>
    /// The largest event a reader accepts: 8 MiB. Real events are well under 1 KB (a tool input or a thinking block
    /// arrives as many small deltas); anything near this is a broken or hostile peer.
    /// </summary>
    public const int MaxEventBytes = 8 * 1024 * 1024;
}
