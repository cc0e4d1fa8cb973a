using Skillgate.Scheduling;
using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>
/// Builds the scheduler's options from <see cref="SkillgateOptions"/>: the settings of <c>Skillgate:Scheduler</c>,
/// and one scheduler upstream per transport upstream with its keys (name, secret) and their limits.
/// </summary>
internal static class SchedulerOptionsFactory
{
    /// <summary>The name of the <paramref name="index"/>-th key of an upstream, as the scheduler and <c>KeyLimits</c> know it.</summary>
    public static string KeyName(UpstreamKeyOptions key, int index) => string.IsNullOrWhiteSpace(key.Id) ? SkillgateOptions.DefaultKeyId(index) : key.Id;

    public static SchedulerOptions Create(SkillgateOptions options)
    {
        var source = options.Scheduler;
        var result = new SchedulerOptions
        {
            KeySelection = source.KeySelection,
            MaxQueueLength = source.MaxQueueLength,
            DefaultMaxQueueWait = source.DefaultMaxQueueWait,
            DegradationLadder = source.DegradationLadder,
            FallbackModels = source.FallbackModels,
            TenantWeights = source.TenantWeights,
            FairShareQuantum = source.FairShareQuantum,
            OutputAllowance = source.OutputAllowance,
            DefaultRetryAfter = source.DefaultRetryAfter,
            MinRetryAfter = source.MinRetryAfter,
            QuarantineDuration = source.QuarantineDuration,
            MaxQuarantineDuration = source.MaxQuarantineDuration,
            Upstreams = new List<SchedulerUpstreamOptions>(options.Upstreams.Count),
        };
        foreach (var upstream in options.Upstreams)
        {
            var secrets = UpstreamKeyResolver.Resolve(upstream);
            var scheduled = new SchedulerUpstreamOptions { Name = upstream.Name };
            for (var i = 0; i < upstream.Keys.Count; i++)
            {
                var name = KeyName(upstream.Keys[i], i);
                scheduled.Keys.Add(new SchedulerKeyOptions
                {
                    Name = name,
                    ApiKey = secrets[i].Secret.Expose(),
                    Limits = LimitsFor(options, name),
                    LimitsUnknown = !HasLimits(options, name),
                });
            }

            result.Upstreams.Add(scheduled);
        }

        return result;
    }

    /// <summary>True when <paramref name="keyName"/> has configured limits (its own or the default ones).</summary>
    public static bool HasLimits(SkillgateOptions options, string keyName) =>
        options.DefaultKeyLimits is not null || (options.KeyLimits.TryGetValue(keyName, out var limits) && limits is not null);

    public static RateLimitOptions LimitsFor(SkillgateOptions options, string keyName) =>
        options.KeyLimits.TryGetValue(keyName, out var limits) && limits is not null ? limits : options.DefaultKeyLimits ?? new RateLimitOptions();
}
