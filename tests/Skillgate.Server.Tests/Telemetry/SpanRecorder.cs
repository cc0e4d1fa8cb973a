using System.Collections.Concurrent;
using System.Diagnostics;
using Skillgate.Telemetry;

namespace Skillgate.Server.Tests.Telemetry;

/// <summary>
/// Records the stopped activities of Skillgate's source and ASP.NET Core's that belong to one trace (listeners are
/// process-wide: parallel tests' spans are told apart by the trace id each test sends as its <c>traceparent</c>).
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder()
    {
        TraceId = ActivityTraceId.CreateRandom();
        ParentSpanId = ActivitySpanId.CreateRandom();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SkillgateTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; }

    public ActivitySpanId ParentSpanId { get; }

    /// <summary>The caller's <c>traceparent</c> header (sampled).</summary>
    public string TraceParent => $"00-{TraceId}-{ParentSpanId}-01";

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>Waits until an activity matching <paramref name="match"/> stopped (a stream's span stops when the gateway finished reading it).</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if (_stopped.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The span did not stop. Stopped: " + string.Join(", ", _stopped.Select(a => a.OperationName)));
    }

    public void Dispose() => _listener.Dispose();
}
