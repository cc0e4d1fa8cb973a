namespace Skillgate.Scheduling;

/// <summary>One upstream's live state: its name and adaptive concurrency.</summary>
internal sealed class UpstreamState
{
    public UpstreamState(SchedulerUpstreamOptions options)
    {
        Name = options.Name;
        Limiter = new AimdConcurrencyLimiter(options.Concurrency);
    }

    public string Name { get; }

    public AimdConcurrencyLimiter Limiter { get; }

    public override string ToString() => $"upstream {Name}";
}
