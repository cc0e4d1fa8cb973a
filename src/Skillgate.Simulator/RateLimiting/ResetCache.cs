using Skillgate.Protocol;

namespace Skillgate.Simulator.RateLimiting;

/// <summary>Remembers the last formatted reset second, so a header costs no allocation within a second.
/// Safe to call concurrently: the entry is immutable and replaced whole, so a race only formats twice.</summary>
internal sealed class ResetCache
{
    private Entry? _last;

    public string Format(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds() + (at.Millisecond > 0 ? 1 : 0);
        var last = _last;
        if (last is not null && last.Seconds == seconds)
        {
            return last.Text;
        }

        var text = RateLimitHeaders.FormatReset(DateTimeOffset.FromUnixTimeSeconds(seconds));
        _last = new Entry(seconds, text);
        return text;
    }

    private sealed record Entry(long Seconds, string Text);
}
