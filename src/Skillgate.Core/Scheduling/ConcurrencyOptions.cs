namespace Skillgate.Scheduling;

/// <summary>
/// Adaptive (AIMD) concurrency per upstream, driven by 529 overloaded answers only; rate limits are
/// handled by the buckets. Until the first overload the limit doubles per round of requests (slow
/// start); after it, each round raises it by about one. An overload multiplies it by
/// <see cref="BackoffRatio"/>, at most once per <see cref="DecreaseInterval"/>.
/// </summary>
public sealed class ConcurrencyOptions
{
    /// <summary>The starting limit on requests in flight. Default 64.</summary>
    public int InitialLimit { get; set; } = 64;

    /// <summary>The limit never goes below this. Default 1.</summary>
    public int MinLimit { get; set; } = 1;

    /// <summary>The limit never goes above this. Default 1,024.</summary>
    public int MaxLimit { get; set; } = 1024;

    /// <summary>The factor applied on an overload, in (0, 1). Default 0.7.</summary>
    public double BackoffRatio { get; set; } = 0.7;

    /// <summary>Overloads closer together than this count as one. Default 1 second.</summary>
    public TimeSpan DecreaseInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options; returns one message per problem, each naming its key under <paramref name="path"/>.</summary>
    /// <param name="path">Where these options sit in the configuration, e.g. <c>Skillgate:Scheduler:Concurrency</c>.</param>
    public IReadOnlyList<string> Validate(string path)
    {
        var errors = new List<string>();
        Validate(path, errors);
        return errors;
    }

    internal void Validate(string path, List<string> errors)
    {
        if (MinLimit < 1)
        {
            errors.Add($"{path}:MinLimit must be at least 1 (was {MinLimit}).");
        }

        if (MaxLimit < MinLimit)
        {
            errors.Add($"{path}:MaxLimit must be at least MinLimit (was {MaxLimit}).");
        }

        if (InitialLimit < MinLimit || InitialLimit > MaxLimit)
        {
            errors.Add($"{path}:InitialLimit must be between MinLimit and MaxLimit (was {InitialLimit}).");
        }

        if (!(BackoffRatio > 0 && BackoffRatio < 1))
        {
            errors.Add($"{path}:BackoffRatio must be between 0 and 1 exclusive (was {BackoffRatio}).");
        }

        if (DecreaseInterval < TimeSpan.Zero)
        {
            errors.Add($"{path}:DecreaseInterval must not be negative.");
        }
    }
}
