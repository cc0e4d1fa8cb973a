using System.Diagnostics.Metrics;

namespace Skillgate.Tokens;

/// <summary>Creates token estimators.</summary>
public static class TokenEstimators
{
    /// <summary>
    /// Creates the default estimator: o200k_base counts per script, calibrated per model from reported usage.
    /// Share one instance per process so that every caller benefits from what it learns.
    /// </summary>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="meterFactory">Where to publish <c>skillgate.tokens.estimate.error</c>, or <see langword="null"/>.</param>
    /// <returns>A thread-safe estimator.</returns>
    public static ITokenEstimator Create(TokenEstimatorOptions? options = null, IMeterFactory? meterFactory = null) =>
        new O200kTokenEstimator(options ?? new TokenEstimatorOptions(), meterFactory);
}
