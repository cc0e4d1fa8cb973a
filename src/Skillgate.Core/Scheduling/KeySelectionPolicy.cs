namespace Skillgate.Scheduling;

/// <summary>How the key pool picks among the keys that can take a request now.</summary>
public enum KeySelectionPolicy
{
    /// <summary>The key whose buckets keep the largest share free after the reservation. The default.</summary>
    MostHeadroom = 0,

    /// <summary>Each key in turn.</summary>
    RoundRobin = 1,

    /// <summary>In proportion to each key's <see cref="SchedulerKeyOptions.Weight"/> (smooth weighted round robin).</summary>
    Weighted = 2,
}
