namespace Skillgate.Scheduling;

/// <summary>
/// One key's buckets for one model in a <see cref="SchedulerKeySnapshot"/>. A limit is null while it is unknown (the
/// dimension admits without limit); its level is then null too.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="RequestsAvailable">Requests the bucket holds now.</param>
/// <param name="RequestsPerMinute">The requests-per-minute limit.</param>
/// <param name="InputTokensAvailable">Input tokens the bucket holds now.</param>
/// <param name="InputTokensPerMinute">The input-tokens-per-minute limit.</param>
/// <param name="OutputTokensAvailable">Output tokens the bucket holds now.</param>
/// <param name="OutputTokensPerMinute">The output-tokens-per-minute limit.</param>
/// <param name="RequestsLearned">The request rate was learned from a 429 without headers, not configured or reported.</param>
/// <param name="Probing">The probe request of a key with unknown limits is out.</param>
public sealed record SchedulerBucketSnapshot(
    string Model,
    double? RequestsAvailable,
    double? RequestsPerMinute,
    double? InputTokensAvailable,
    double? InputTokensPerMinute,
    double? OutputTokensAvailable,
    double? OutputTokensPerMinute,
    bool RequestsLearned,
    bool Probing);
