namespace Skillgate.Scheduling;

/// <summary>
/// Counts the requests sent over the last minute in one-second slots (no timer: stale slots are skipped when read).
/// Guarded by the scheduler's lock.
/// </summary>
internal sealed class SentWindow
{
    private const int Slots = 60;

    private readonly long[] _second = new long[Slots];
    private readonly int[] _count = new int[Slots];

    /// <summary>Counts <paramref name="delta"/> requests (negative: take back, e.g. one the upstream refused) at <paramref name="now"/>.</summary>
    public void Add(double now, int delta = 1)
    {
        var second = (long)Math.Floor(now);
        var slot = (int)(((second % Slots) + Slots) % Slots);
        if (_second[slot] != second)
        {
            _second[slot] = second;
            _count[slot] = 0;
        }

        _count[slot] += delta;
    }

    /// <summary>Requests sent in the minute up to <paramref name="now"/>.</summary>
    public int Count(double now)
    {
        var second = (long)Math.Floor(now);
        var total = 0;
        for (var i = 0; i < Slots; i++)
        {
            if (second - _second[i] < Slots && _second[i] <= second)
            {
                total += _count[i];
            }
        }

        return Math.Max(0, total);
    }
}
