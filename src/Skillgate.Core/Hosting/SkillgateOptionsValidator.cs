using Microsoft.Extensions.Options;
using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>Checks <see cref="SkillgateOptions"/> at start-up; every message names the configuration key at fault.</summary>
internal sealed partial class SkillgateOptionsValidator : IValidateOptions<SkillgateOptions>
{
    public ValidateOptionsResult Validate(string? name, SkillgateOptions options)
    {
        var errors = new List<string>();
        var root = SkillgateOptions.SectionName;
        if (options.Upstreams.Count == 0)
        {
            errors.Add($"{root}:Upstreams must list at least one upstream.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultModel))
        {
            errors.Add($"{root}:DefaultModel must not be empty.");
        }

        if (options.DefaultMaxTokens < 1)
        {
            errors.Add($"{root}:DefaultMaxTokens must be at least 1 (was {options.DefaultMaxTokens}).");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Upstreams.Count; i++)
        {
            var upstream = options.Upstreams[i];
            var prefix = $"{root}:Upstreams:{i}";
            if (string.IsNullOrWhiteSpace(upstream.Name) || !names.Add(upstream.Name))
            {
                errors.Add($"{prefix}:Name must be present and unique (was '{upstream.Name}').");
            }

            ValidateUpstream(upstream, prefix, errors);
        }

        ValidateLimits(options, errors);
        if (options.SchedulerEnabled)
        {
            ValidateScheduler(options, errors);
        }

        ValidateRedaction(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static void ValidateUpstream(UpstreamOptions upstream, string prefix, List<string> errors)
    {
        if (upstream.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{prefix}:BaseAddress must be an absolute http(s) URL (was '{upstream.BaseAddress}').");
        }

        if (upstream.Keys.Count == 0)
        {
            errors.Add($"{prefix}:Keys must list at least one key.");
        }

        for (var k = 0; k < upstream.Keys.Count; k++)
        {
            var key = upstream.Keys[k];
            var hasValue = !string.IsNullOrWhiteSpace(key.Value)
                || (key.EnvironmentVariable is { Length: > 0 } variable && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)));
            if (!hasValue)
            {
                errors.Add($"{prefix}:Keys:{k} has no secret: set Value, or EnvironmentVariable to a variable that is set (was '{key.EnvironmentVariable}').");
            }
        }

        Positive(upstream.MaxConnections, $"{prefix}:MaxConnections", errors);
        Positive(upstream.MaxErrorBodyBytes, $"{prefix}:MaxErrorBodyBytes", errors);
        Positive(upstream.MaxResponseBodyBytes, $"{prefix}:MaxResponseBodyBytes", errors);
        var t = upstream.Timeouts;
        Positive(t.Connect, $"{prefix}:Timeouts:Connect", errors);
        Positive(t.TlsHandshake, $"{prefix}:Timeouts:TlsHandshake", errors);
        Positive(t.ResponseHeaders, $"{prefix}:Timeouts:ResponseHeaders", errors);
        Positive(t.FirstToken, $"{prefix}:Timeouts:FirstToken", errors);
        Positive(t.Idle, $"{prefix}:Timeouts:Idle", errors);
        Positive(t.Total, $"{prefix}:Timeouts:Total", errors);
        var r = upstream.Retry;
        if (r.MaxRetries is < 0 or > 20)
        {
            errors.Add($"{prefix}:Retry:MaxRetries must be between 0 and 20 (was {r.MaxRetries}).");
        }

        Positive(r.BaseDelay, $"{prefix}:Retry:BaseDelay", errors);
        if (r.MaxDelay < r.BaseDelay)
        {
            errors.Add($"{prefix}:Retry:MaxDelay must be at least Retry:BaseDelay (was {r.MaxDelay}).");
        }

        if (r.JitterRatio is < 0 or > 1 || double.IsNaN(r.JitterRatio))
        {
            errors.Add($"{prefix}:Retry:JitterRatio must be between 0 and 1 (was {r.JitterRatio}).");
        }

        if (r.BudgetRatio is < 0 or > 10 || double.IsNaN(r.BudgetRatio))
        {
            errors.Add($"{prefix}:Retry:BudgetRatio must be between 0 and 10 (was {r.BudgetRatio}).");
        }

        Positive(r.BudgetWindow, $"{prefix}:Retry:BudgetWindow", errors);
        upstream.CircuitBreaker.Validate($"{prefix}:CircuitBreaker", errors);
    }

    private static void Positive(TimeSpan value, string key, List<string> errors)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }

    private static void Positive(int value, string key, List<string> errors)
    {
        if (value <= 0)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }
}
