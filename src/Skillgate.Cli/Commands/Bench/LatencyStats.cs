using System.Diagnostics;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Percentiles of latencies recorded as <see cref="Stopwatch"/> ticks.</summary>
internal static class LatencyStats
{
    public static double PercentileMs(long[] ticks, double percentile)
    {
        if (ticks.Length == 0)
        {
            return 0;
        }

        var sorted = (long[])ticks.Clone();
        Array.Sort(sorted);
        var index = (int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }

    public static double PercentileMs(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var index = (int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index];
    }
}
