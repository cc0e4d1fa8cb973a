namespace Skillgate.Tokens;

/// <summary>
/// One model's learned ratios (model tokens per o200k token) per script: an exponentially weighted moving
/// average of the observed ratio, where an observation is attributed to the scripts by their share of the estimate.
/// CJK also tracks a mean absolute deviation and is estimated at its upper band (mean + k deviations + a fraction), so it is not underestimated.
/// </summary>
internal sealed class ModelCalibration
{
    private const double MinRatio = 0.25;
    private const double MaxRatio = 4.0;

    // The CJK spread follows recent observations (a memory of about five), so it shrinks once the ratio is stable.
    private const double DeviationRate = 0.2;
    private readonly Lock _lock = new();
    private readonly TokenEstimatorOptions _options;
    private readonly double[] _ratio;
    private readonly double[] _weight = new double[3];
    private double _cjkDeviation;
    private int _observations;

    public ModelCalibration(TokenEstimatorOptions options)
    {
        _options = options;
        _ratio = [options.PriorLatin, options.PriorCjk, options.PriorCode];

        // Until observations show the spread of the CJK ratio, assume a wide one (5% of the prior).
        _cjkDeviation = options.PriorCjk * 0.05;
    }

    public int Calibrate(int latin, int cjk, int code, int fixedTokens)
    {
        lock (_lock)
        {
            var cjkRatio = CjkUpperRatio();
            var total = (latin * _ratio[0]) + (cjk * cjkRatio) + (code * _ratio[2]) + fixedTokens;
            return (int)Math.Ceiling(total);
        }
    }

    public void Observe(TokenEstimate estimate, long reported)
    {
        lock (_lock)
        {
            Span<double> weighted =
            [
                estimate.Latin * _ratio[0],
                estimate.Cjk * _ratio[1],
                estimate.Code * _ratio[2],
            ];
            var variable = weighted[0] + weighted[1] + weighted[2];
            var target = reported - estimate.Fixed;
            if (variable < 1 || target <= 0)
            {
                return;
            }

            var scale = Math.Clamp(target / variable, MinRatio / MaxRatio, MaxRatio / MinRatio);
            for (var s = 0; s < 3; s++)
            {
                var share = weighted[s] / variable;
                if (share <= 0)
                {
                    continue;
                }

                var observed = Math.Clamp(_ratio[s] * scale, MinRatio, MaxRatio);

                // A running mean while few observations exist (the first one replaces the prior), then an EWMA.
                _weight[s] += share;
                var alpha = share * Math.Max(_options.LearningRate, 1 / _weight[s]);
                if (s == (int)TokenScript.Cjk)
                {
                    // Learn CJK upward at twice the speed: an underestimate costs a 400, an overestimate a little budget.
                    var cjkAlpha = observed > _ratio[s] ? Math.Min(1, alpha * 2) : alpha;
                    var deviation = _weight[s] <= share ? _cjkDeviation : Math.Abs(observed - _ratio[s]);
                    _cjkDeviation += Math.Max(cjkAlpha, share * DeviationRate) * (deviation - _cjkDeviation);
                    _ratio[s] += cjkAlpha * (observed - _ratio[s]);
                }
                else
                {
                    _ratio[s] += alpha * (observed - _ratio[s]);
                }
            }

            _observations++;
        }
    }

    public TokenCalibrationSnapshot Snapshot(string model)
    {
        lock (_lock)
        {
            return new TokenCalibrationSnapshot(model, _ratio[0], CjkUpperRatio(), _ratio[2], _observations);
        }
    }

    private double CjkUpperRatio() =>
        _observations == 0 ? _ratio[1] : (_ratio[1] * (1 + _options.CjkSafetyFraction)) + (_options.CjkDeviations * _cjkDeviation);
}
