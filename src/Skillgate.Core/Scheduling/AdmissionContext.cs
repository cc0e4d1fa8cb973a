namespace Skillgate.Scheduling;

/// <summary>
/// The caller's side of admission (tenant, priority, deadline), carried through async calls to the
/// key source the transport uses (<see cref="RequestSchedulerExtensions.AsKeySource"/>), which also
/// adds up here how long the call waited in the queue. The gateway begins one per request.
/// </summary>
public sealed class AdmissionContext
{
    private static readonly AsyncLocal<AdmissionContext?> Ambient = new();
    private long _queueWaitTicks;
    private int _admissions;

    /// <summary>The tenant for fair sharing.</summary>
    public string? Tenant { get; init; }

    /// <summary>Interactive (default) or batch.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;

    /// <summary>The latest time the call may be admitted.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The context of the current async flow, if one was begun.</summary>
    public static AdmissionContext? Current => Ambient.Value;

    /// <summary>The time the call's attempts waited for admission, summed.</summary>
    public TimeSpan QueueWait => TimeSpan.FromTicks(Interlocked.Read(ref _queueWaitTicks));

    /// <summary>How many attempts were admitted.</summary>
    public int Admissions => Volatile.Read(ref _admissions);

    /// <summary>Makes <paramref name="context"/> current for this async flow until the result is disposed.</summary>
    public static IDisposable Begin(AdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = Ambient.Value;
        Ambient.Value = context;
        return new Scope(previous);
    }

    internal void Record(TimeSpan queueWait)
    {
        Interlocked.Add(ref _queueWaitTicks, queueWait.Ticks);
        Interlocked.Increment(ref _admissions);
    }

    private sealed class Scope(AdmissionContext? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
