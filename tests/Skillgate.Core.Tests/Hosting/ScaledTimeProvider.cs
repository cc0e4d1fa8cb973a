namespace Skillgate.Core.Tests.Hosting;

/// <summary>
/// Real time run <c>factor</c> times faster: timestamps, the UTC clock and timers. Shared by the simulator and the
/// library, it turns a per-minute limit into a per-(60 / factor)-seconds one for both, so a rate-limit test that
/// needs minutes of traffic finishes in seconds.
/// </summary>
internal sealed class ScaledTimeProvider(double factor) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();
    private readonly DateTimeOffset _originUtc = System.GetUtcNow();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _origin + (long)((System.GetTimestamp() - _origin) * factor);

    public override DateTimeOffset GetUtcNow() => _originUtc + ((System.GetUtcNow() - _originUtc) * factor);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span <= TimeSpan.Zero || span == Timeout.InfiniteTimeSpan ? span : span / factor;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
