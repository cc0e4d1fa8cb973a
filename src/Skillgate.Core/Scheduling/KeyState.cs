using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>One key's live state: buckets per model, cooldown and quarantine. Guarded by the scheduler's lock.</summary>
internal sealed class KeyState
{
    private readonly SchedulerKeyOptions _options;
    private readonly Dictionary<string, BucketSet> _buckets = new(StringComparer.Ordinal);
    private UpstreamSecret? _credential;

    public KeyState(SchedulerKeyOptions options, UpstreamState upstream, int index)
    {
        _options = options;
        Upstream = upstream;
        Index = index;
    }

    public string Name => _options.Name;

    public double Weight => _options.Weight;

    public int Index { get; }

    public UpstreamState Upstream { get; }

    /// <summary>The secret; read only when building a lease.</summary>
    public string Secret => _options.ApiKey;

    /// <summary>The secret as the transport takes it, created once (its fingerprint is computed once).</summary>
    public UpstreamSecret Credential => _credential ??= new UpstreamSecret(_options.ApiKey);

    /// <summary>The key's <see cref="UpstreamSecret.Fingerprint"/>.</summary>
    public string Fingerprint => Credential.Fingerprint;

    public double CooldownUntil { get; set; } = double.NegativeInfinity;

    public KeyHealth Health { get; set; } = KeyHealth.Healthy;

    public double QuarantineUntil { get; set; }

    public double QuarantineSeconds { get; set; }

    public bool ProbeInFlight { get; set; }

    /// <summary>True once the log said that this key runs without known limits (said once per key).</summary>
    public bool ReportedUnknownLimits { get; set; }

    public int InFlight { get; set; }

    /// <summary>Smooth weighted round robin's running weight.</summary>
    public double CurrentWeight { get; set; }

    public IEnumerable<KeyValuePair<string, BucketSet>> AllBuckets => _buckets;

    public BucketSet Buckets(string model, double now)
    {
        if (!_buckets.TryGetValue(model, out var set))
        {
            set = new BucketSet(_options.LimitsFor(model), now, _options.LimitsKnownFor(model));
            _buckets[model] = set;
        }

        return set;
    }

    /// <summary>Seconds until this key may be tried at all (cooldown or quarantine); infinity while a probe is out.</summary>
    public double SecondsUntilUsable(double now)
    {
        if (Health == KeyHealth.Quarantined)
        {
            return ProbeInFlight ? double.PositiveInfinity : Math.Max(0, QuarantineUntil - now);
        }

        return Math.Max(0, CooldownUntil - now);
    }

    public override string ToString() => $"key {Name}";
}
