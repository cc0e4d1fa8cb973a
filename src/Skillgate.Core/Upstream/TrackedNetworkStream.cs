using System.Net.Sockets;

namespace Skillgate.Upstream;

/// <summary>A socket stream that tells its <see cref="ConnectionTracker"/> when it closes, exactly once.</summary>
internal sealed class TrackedNetworkStream : NetworkStream
{
    private readonly ConnectionTracker _tracker;
    private int _closed;

    public TrackedNetworkStream(Socket socket, ConnectionTracker tracker)
        : base(socket, ownsSocket: true)
    {
        _tracker = tracker;
        tracker.OnOpened();
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _tracker.OnClosed();
        }

        base.Dispose(disposing);
    }
}
