namespace Skillgate.Scheduling;

/// <summary>The keys of all upstreams and the policy that picks one. Guarded by the scheduler's lock.</summary>
internal sealed class KeyPool
{
    private readonly KeySelectionPolicy _policy;
    private int _roundRobin;

    public KeyPool(SchedulerOptions options)
    {
        _policy = options.KeySelection;
        var keys = new List<KeyState>();
        var upstreams = new List<UpstreamState>();
        foreach (var u in options.Upstreams)
        {
            var upstream = new UpstreamState(u);
            upstreams.Add(upstream);
            foreach (var k in u.Keys)
            {
                keys.Add(new KeyState(k, upstream, keys.Count));
            }
        }

        Keys = keys;
        Upstreams = upstreams;
    }

    public IReadOnlyList<KeyState> Keys { get; }

    public IReadOnlyList<UpstreamState> Upstreams { get; }

    /// <summary>True when some key could hold <paramref name="demand"/> for <paramref name="model"/> with full buckets.</summary>
    public bool CanEverFit(string? upstream, string? fingerprint, string model, Demand demand, double now)
        => Keys.Any(k => Serves(k, upstream, fingerprint) && k.Buckets(model, now).CanEverFit(demand));

    /// <summary>True when some key belongs to <paramref name="upstream"/> and has <paramref name="fingerprint"/> (null: any).</summary>
    public bool Has(string? upstream, string? fingerprint) => Keys.Any(k => Serves(k, upstream, fingerprint));

    /// <summary>True when <paramref name="key"/> belongs to <paramref name="upstream"/> (null: any).</summary>
    public static bool Serves(KeyState key, string? upstream)
        => upstream is null || string.Equals(key.Upstream.Name, upstream, StringComparison.Ordinal);

    /// <summary>True when <paramref name="key"/> belongs to <paramref name="upstream"/> and has <paramref name="fingerprint"/> (null: any).</summary>
    public static bool Serves(KeyState key, string? upstream, string? fingerprint)
        => Serves(key, upstream) && (fingerprint is null || string.Equals(key.Fingerprint, fingerprint, StringComparison.Ordinal));

    /// <summary>
    /// A key in service (not quarantined) for a call that reserves nothing, round robin; null when there is none.
    /// <paramref name="readyIn"/> says when the first quarantined candidate may be tried again.
    /// </summary>
    public KeyState? SelectUnmetered(string? upstream, string? fingerprint, double now, out double readyIn)
    {
        readyIn = double.PositiveInfinity;
        var n = Keys.Count;
        for (var i = 0; i < n; i++)
        {
            var key = Keys[(i + _roundRobin) % n];
            if (!Serves(key, upstream, fingerprint))
            {
                continue;
            }

            if (key.Health == KeyHealth.Quarantined)
            {
                readyIn = Math.Min(readyIn, Math.Max(0, key.QuarantineUntil - now));
                continue;
            }

            _roundRobin = (key.Index + 1) % n;
            return key;
        }

        return null;
    }

    /// <summary>Picks a key that can take <paramref name="demand"/> now, or says when one may.</summary>
    public KeySelection Select(string? upstream, string? fingerprint, string model, Demand demand, double now)
    {
        KeyState? best = null;
        var bestScore = double.NegativeInfinity;
        var readyIn = double.PositiveInfinity;
        var concurrencyBound = false;
        var anyFits = false;
        var n = Keys.Count;
        for (var i = 0; i < n; i++)
        {
            // Round robin starts its scan after the key used last.
            var key = Keys[(i + _roundRobin) % n];
            if (!Serves(key, upstream, fingerprint))
            {
                continue;
            }

            var buckets = key.Buckets(model, now);
            if (!buckets.CanEverFit(demand))
            {
                continue;
            }

            anyFits = true;
            if (buckets.Probing)
            {
                // Unknown limits and the probe is out: its end (a lease ending) wakes the lane, as for concurrency.
                concurrencyBound = true;
                continue;
            }

            var wait = Math.Max(key.SecondsUntilUsable(now), buckets.SecondsUntil(demand, now));
            if (wait > 0)
            {
                readyIn = Math.Min(readyIn, wait);
                continue;
            }

            if (!key.Upstream.Limiter.HasCapacity)
            {
                concurrencyBound = true;
                continue;
            }

            // A quarantined key whose time is up takes one probe, and only when nothing healthy fits.
            var score = key.Health == KeyHealth.Quarantined ? double.MinValue / 2 : Score(key, buckets, demand, now, i);
            if (best is null || score > bestScore)
            {
                best = key;
                bestScore = score;
            }
        }

        if (best is not null)
        {
            if (_policy == KeySelectionPolicy.Weighted)
            {
                best = PickWeighted(upstream, fingerprint, model, demand, now) ?? best;
            }

            _roundRobin = (best.Index + 1) % n;
            return new KeySelection(best, 0, Blocker.None);
        }

        if (!anyFits)
        {
            return new KeySelection(null, double.PositiveInfinity, Blocker.TooLarge);
        }

        if (concurrencyBound)
        {
            return new KeySelection(null, readyIn, Blocker.Concurrency);
        }

        return new KeySelection(null, readyIn, double.IsPositiveInfinity(readyIn) ? Blocker.NoUsableKey : Blocker.RateLimit);
    }

    private double Score(KeyState key, BucketSet buckets, Demand demand, double now, int scanPosition)
        => _policy switch
        {
            KeySelectionPolicy.MostHeadroom => buckets.Headroom(demand, now),
            _ => -scanPosition,
        };

    // Smooth weighted round robin over the healthy keys that can take the demand now.
    private KeyState? PickWeighted(string? upstream, string? fingerprint, string model, Demand demand, double now)
    {
        KeyState? chosen = null;
        double totalWeight = 0;
        foreach (var key in Keys)
        {
            if (!Serves(key, upstream, fingerprint) || key.Health != KeyHealth.Healthy || !key.Upstream.Limiter.HasCapacity
                || key.SecondsUntilUsable(now) > 0 || key.Buckets(model, now).SecondsUntil(demand, now) > 0)
            {
                continue;
            }

            key.CurrentWeight += key.Weight;
            totalWeight += key.Weight;
            if (chosen is null || key.CurrentWeight > chosen.CurrentWeight)
            {
                chosen = key;
            }
        }

        if (chosen is not null)
        {
            chosen.CurrentWeight -= totalWeight;
        }

        return chosen;
    }
}
