using Microsoft.Extensions.Logging;
using Skillgate.Runs.Pricing;

namespace Skillgate.Runs;

/// <summary>What a run needs from its host besides the transport; every member has a default.</summary>
public sealed class RunJobContext
{
    /// <summary>Prices; default <see cref="PriceTable.Default"/>.</summary>
    public PriceTable? Prices { get; init; }

    /// <summary>The clock; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The log; default none.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>How many upstream keys serve the run (auto mode multiplies one key's limits by it). Default 1.</summary>
    public int KeyCount { get; init; } = 1;
}
