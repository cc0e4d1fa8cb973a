namespace Skillgate.Upstream;

/// <summary>Counts the TCP connections the transport holds open to one upstream (opened by its connect callback).</summary>
internal sealed class ConnectionTracker
{
    private long _open;
    private long _opened;

    public event Action<long>? Changed;

    public long Open => Interlocked.Read(ref _open);

    public long Opened => Interlocked.Read(ref _opened);

    public void OnOpened()
    {
        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref _open);
        Changed?.Invoke(1);
    }

    public void OnClosed()
    {
        Interlocked.Decrement(ref _open);
        Changed?.Invoke(-1);
    }
}
