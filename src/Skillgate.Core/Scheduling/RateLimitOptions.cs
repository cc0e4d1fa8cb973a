namespace Skillgate.Scheduling;

/// <summary>
/// The per-minute limits of one key (or of one model on one key). The defaults are Anthropic's
/// tier-1 limits for a Sonnet-class model; set the ones your organization has.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per minute (RPM). Default 50.</summary>
    public int RequestsPerMinute { get; set; } = 50;

    /// <summary>Input tokens per minute (ITPM): uncached input plus cache writes. Default 30,000.</summary>
    public int InputTokensPerMinute { get; set; } = 30_000;

    /// <summary>Output tokens per minute (OTPM). Default 8,000.</summary>
    public int OutputTokensPerMinute { get; set; } = 8_000;

    internal void Validate(string path, List<string> errors)
    {
        if (RequestsPerMinute <= 0)
        {
            errors.Add($"{path}:RequestsPerMinute must be positive (was {RequestsPerMinute}).");
        }

        if (InputTokensPerMinute <= 0)
        {
            errors.Add($"{path}:InputTokensPerMinute must be positive (was {InputTokensPerMinute}).");
        }

        if (OutputTokensPerMinute <= 0)
        {
            errors.Add($"{path}:OutputTokensPerMinute must be positive (was {OutputTokensPerMinute}).");
        }
    }
}
