namespace Skillgate.Scheduling;

/// <summary>A request waiting in a lane. Its fields are guarded by the scheduler's lock.</summary>
internal sealed class Waiter
{
    public Waiter(AdmissionRequest request, string tenant, Lane lane, Demand demand, double enqueuedAt, double deadline, bool isFallback)
    {
        Request = request;
        Tenant = tenant;
        Lane = lane;
        Demand = demand;
        EnqueuedAt = enqueuedAt;
        Deadline = deadline;
        IsFallback = isFallback;
        Node = new LinkedListNode<Waiter>(this);
    }

    public AdmissionRequest Request { get; }

    public string Tenant { get; }

    public Lane Lane { get; }

    public Demand Demand { get; }

    public double EnqueuedAt { get; }

    public double Deadline { get; }

    public bool IsFallback { get; }

    public LinkedListNode<Waiter> Node { get; }

    public WaiterState State { get; set; }

    public TaskCompletionSource<AdmissionResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenRegistration Registration { get; set; }

    public CancellationToken CancellationToken { get; set; }
}
