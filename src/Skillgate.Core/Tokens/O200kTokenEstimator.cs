using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Skillgate.Protocol;

namespace Skillgate.Tokens;

/// <summary>
/// Counts o200k_base tokens per script and scales them with a per-model calibration learned from reported usage.
/// </summary>
internal sealed class O200kTokenEstimator : ITokenEstimator
{
    private static readonly Lazy<Tokenizer> SharedTokenizer =
        new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<string, ModelCalibration> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly TokenEstimatorOptions _options;
    private readonly TokenEstimatorMetrics? _metrics;
    private readonly TextTokenCounter _counter;

    public O200kTokenEstimator(TokenEstimatorOptions options, IMeterFactory? meterFactory)
    {
        _options = options;
        _metrics = meterFactory is null ? null : new TokenEstimatorMetrics(meterFactory);
        CountCache = options.CountCacheEntries > 0 ? new TokenCountCache(options.CountCacheEntries) : null;
        _counter = new TextTokenCounter(Tokenizer, CountCache);
    }

    internal static Tokenizer Tokenizer => SharedTokenizer.Value;

    /// <summary>Raw counts of texts already counted, or <see langword="null"/> when caching is off.</summary>
    internal TokenCountCache? CountCache { get; }

    public TokenEstimate EstimateText(string model, ReadOnlySpan<char> text)
    {
        Span<int> counts = stackalloc int[3];
        _counter.CountScripts(text, counts);
        return Build(model, counts, 0);
    }

    public TokenEstimate EstimateRequest(ReadOnlySpan<byte> requestJson)
    {
        var reader = new Utf8JsonReader(requestJson);
        using var document = JsonDocument.ParseValue(ref reader);
        var counts = new int[3];
        var fixedTokens = RequestTextWalker.Walk(document.RootElement, _counter, counts, _options, out var model);
        return Build(model, counts, fixedTokens);
    }

    public TokenEstimate EstimateStats(string model, TextStats stats)
    {
        var latin = (int)Math.Min(int.MaxValue / 4, stats.ProseChars / 4);
        var cjk = (int)Math.Min(int.MaxValue / 4, stats.CjkChars * 4 / 5);
        var code = (int)Math.Min(int.MaxValue / 4, stats.CodeChars * 10 / 32);
        var fixedTokens = (int)Math.Min(int.MaxValue / 4, (stats.MediaBytes / 750) + (stats.Blocks * 3L) + 1);
        var tokens = Calibration(CharacterKey(model)).Calibrate(latin, cjk, code, fixedTokens);
        return new TokenEstimate(model, latin, cjk, code, fixedTokens, tokens) { FromCharacterCounts = true };
    }

    public void Observe(TokenEstimate estimate, long reportedInputTokens)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (reportedInputTokens <= 0)
        {
            return;
        }

        _metrics?.RecordError(estimate, reportedInputTokens);
        Calibration(estimate.FromCharacterCounts ? CharacterKey(estimate.Model) : estimate.Model).Observe(estimate, reportedInputTokens);
    }

    public TokenCalibrationSnapshot GetCalibration(string model) => Calibration(model).Snapshot(model);

    private TokenEstimate Build(string model, ReadOnlySpan<int> counts, int fixedTokens)
    {
        var tokens = Calibration(model).Calibrate(counts[0], counts[1], counts[2], fixedTokens);
        return new TokenEstimate(model, counts[0], counts[1], counts[2], fixedTokens, tokens);
    }

    // Character counts relate to the model's tokens by other ratios than o200k counts: calibrated apart.
    private static string CharacterKey(string model) => model + "\u0001chars";

    private ModelCalibration Calibration(string model) =>
        _models.GetOrAdd(model ?? string.Empty, static (_, options) => new ModelCalibration(options), _options);
}
