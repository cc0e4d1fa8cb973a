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

    public void Add(double now)
    {
        var second = (long)Math.Floor(now);
        var slot = (int)(((second % Slots) + Slots) % Slots);
        if (_second[slot] != second)
        {
            _second[slot] = second;
            _count[slot] = 0;
        }

        _count[slot]++;
    }

    /// <summary>Requests sent in the minute up to <paramref name="now"/>.</summary>
    public int Count(double now)
    {
        var second = (long)Math.Floor(now);
        var total = 0;
        for (var i = 0; i < Slots; i++)
        {
            if (second - _second[i] < Slots && _second[i] <= second && _count[i] > 0)
            {
                total += _count[i];
            }
        }

        return total;
    }
}
