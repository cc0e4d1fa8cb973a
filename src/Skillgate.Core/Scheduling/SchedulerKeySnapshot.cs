namespace Skillgate.Scheduling;

/// <summary>One key's state in a <see cref="SchedulerSnapshot"/>.</summary>
/// <param name="Id">The key's id (e.g. <c>key-0</c>).</param>
/// <param name="Upstream">The upstream it belongs to.</param>
/// <param name="Fingerprint">16 hex digits of the key's SHA-256, never the key.</param>
/// <param name="State"><c>healthy</c>, <c>cooldown</c> (after a 429), <c>quarantined</c> (after 401/403) or <c>probe</c> (a quarantined key's probe is out).</param>
/// <param name="SecondsUntilUsable">Seconds until the key may be tried again (0 when it may be now); null while a probe is out.</param>
/// <param name="InFlight">Requests in flight on the key.</param>
/// <param name="Buckets">The key's buckets, one set per model seen.</param>
public sealed record SchedulerKeySnapshot(
    string Id,
    string Upstream,
    string Fingerprint,
    string State,
    double? SecondsUntilUsable,
    int InFlight,
    IReadOnlyList<SchedulerBucketSnapshot> Buckets);
