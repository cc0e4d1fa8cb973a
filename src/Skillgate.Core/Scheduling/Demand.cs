namespace Skillgate.Scheduling;

/// <summary>What one request takes from a key's buckets: one request, input tokens, output tokens.</summary>
internal readonly record struct Demand(double Requests, double InputTokens, double OutputTokens)
{
    public static Demand Zero => default;

    /// <summary>The cost used for fair sharing between tenants (tokens, at least one).</summary>
    public double Cost => Math.Max(1, InputTokens + OutputTokens);

    public static Demand operator +(Demand a, Demand b)
        => new(a.Requests + b.Requests, a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens);

    public static Demand operator -(Demand a, Demand b)
        => new(a.Requests - b.Requests, a.InputTokens - b.InputTokens, a.OutputTokens - b.OutputTokens);

    public static Demand operator *(Demand a, double f)
        => new(a.Requests * f, a.InputTokens * f, a.OutputTokens * f);
}
