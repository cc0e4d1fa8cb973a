namespace Skillgate.Tokens;

/// <summary>A model's calibration: model tokens per raw o200k token, for each script.</summary>
/// <param name="Model">The model id.</param>
/// <param name="Latin">Ratio for Latin-script prose.</param>
/// <param name="Cjk">Ratio used for CJK text (the learned mean plus its safety band, never below the mean).</param>
/// <param name="Code">Ratio for code and JSON.</param>
/// <param name="Observations">How many reported usages were learned from.</param>
public sealed record TokenCalibrationSnapshot(string Model, double Latin, double Cjk, double Code, int Observations);
