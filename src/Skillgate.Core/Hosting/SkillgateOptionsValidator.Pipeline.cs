using Skillgate.Redaction;
using Skillgate.Scheduling;

namespace Skillgate.Hosting;

/// <summary>Checks of the scheduler's and redaction's part of <see cref="SkillgateOptions"/>.</summary>
internal sealed partial class SkillgateOptionsValidator
{
    private static void ValidateLimits(SkillgateOptions options, List<string> errors)
    {
        var root = SkillgateOptions.SectionName;
        options.DefaultKeyLimits?.Validate($"{root}:DefaultKeyLimits", errors);
        var keyNames = options.Upstreams
            .SelectMany(u => u.Keys.Select(SchedulerOptionsFactory.KeyName))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (name, limits) in options.KeyLimits)
        {
            var prefix = $"{root}:KeyLimits:{name}";
            if (!keyNames.Contains(name))
            {
                errors.Add($"{prefix} names no configured key (key ids: {string.Join(", ", keyNames.Order(StringComparer.Ordinal))}).");
            }

            if (limits is null)
            {
                errors.Add($"{prefix} must not be empty.");
            }
            else
            {
                limits.Validate(prefix, errors);
            }
        }
    }

    private static void ValidateScheduler(SkillgateOptions options, List<string> errors)
    {
        var root = SkillgateOptions.SectionName;
        if (options.Scheduler is null)
        {
            errors.Add($"{root}:Scheduler must not be null.");
            return;
        }

        if (options.Scheduler.Upstreams is { Count: > 0 })
        {
            errors.Add($"{root}:Scheduler:Upstreams must be empty: keys are configured once under {root}:Upstreams and their limits under {root}:KeyLimits.");
        }

        // The scheduler's upstreams are built from ours (checked above), so only its own settings are checked here.
        var upstreamsKey = SchedulerOptions.SectionName + ":Upstreams";
        errors.AddRange(options.Scheduler.Validate().Where(e => !e.StartsWith(upstreamsKey, StringComparison.Ordinal)));

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Upstreams.Count; i++)
        {
            var keys = options.Upstreams[i].Keys;
            for (var k = 0; k < keys.Count; k++)
            {
                var name = SchedulerOptionsFactory.KeyName(keys[k], k);
                var path = $"{root}:Upstreams:{i}:Keys:{k}:Id";
                if (!seen.TryAdd(name, path))
                {
                    errors.Add($"{path} ('{name}') is also the id of {seen[name]}; the scheduler needs a unique id per key.");
                }

                var limits = SchedulerOptionsFactory.LimitsFor(options, name);
                if (limits.OutputTokensPerMinute > 0 && options.DefaultMaxTokens > limits.OutputTokensPerMinute)
                {
                    errors.Add($"{root}:DefaultMaxTokens ({options.DefaultMaxTokens}) exceeds OutputTokensPerMinute ({limits.OutputTokensPerMinute}) of key '{name}', so no call could be admitted on it.");
                }
            }
        }
    }

    private static void ValidateRedaction(SkillgateOptions options, List<string> errors)
    {
        var root = SkillgateOptions.SectionName;
        if (options.Redaction is null)
        {
            errors.Add($"{root}:Redaction must not be null.");
            return;
        }

        if (!Enum.IsDefined(options.Redaction.Mode))
        {
            errors.Add($"{RedactionOptions.SectionName}:Mode must be Off, Redact or Pseudonymize (was {(int)options.Redaction.Mode}).");
        }

        try
        {
            // Builds the recognizers and derives the keys exactly as the chat client will; messages name the key and never hold the secret.
            _ = new Pseudonymizer(options.Redaction);
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.ParamName is { } parameter ? ex.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal) : ex.Message);
        }
    }
}
