namespace Skillgate.Server.Dashboard;

/// <summary>One second's samples of a duration, bounded by reservoir sampling, read as percentiles and cleared.</summary>
internal sealed class SampleWindow(int capacity)
{
    private readonly double[] _samples = new double[capacity];
    private int _kept;
    private long _seen;

    public void Add(double value)
    {
        _seen++;
        if (_kept < _samples.Length)
        {
            _samples[_kept++] = value;
        }
        else if (Random.Shared.NextInt64(_seen) is var slot && slot < _samples.Length)
        {
            _samples[slot] = value;
        }
    }

    /// <summary>p50, p95 and p99 in milliseconds (null without samples), then starts a new second.</summary>
    public DashboardPercentiles TakePercentiles()
    {
        if (_kept == 0)
        {
            return new DashboardPercentiles(null, null, null);
        }

        var sorted = _samples.AsSpan(0, _kept);
        sorted.Sort();
        var result = new DashboardPercentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
        _kept = 0;
        _seen = 0;
        return result;
    }

    private static double At(ReadOnlySpan<double> sorted, double quantile)
        => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)] * 1000, 1);
}
