namespace Skillgate.Simulator;

/// <summary>Multipliers applied per script to the simulator's base token heuristic (4 prose chars,
/// 1.25 CJK chars, 3.2 code chars per token), so reported <c>usage.input_tokens</c> can be made to
/// differ from a local tokenizer in a known way. Default 1.0 each.</summary>
public sealed class TokenFactorOptions
{
    /// <summary>Factor for prose (non-CJK natural language).</summary>
    public double Prose { get; set; } = 1.0;

    /// <summary>Factor for Chinese, Japanese and Korean characters.</summary>
    public double Cjk { get; set; } = 1.0;

    /// <summary>Factor for code-like lines, tool definitions and tool inputs.</summary>
    public double Code { get; set; } = 1.0;

    internal void Validate()
    {
        SimulatorOptions.Check(Prose > 0 && Cjk > 0 && Code > 0, "TokenFactors", "must all be > 0");
    }
}
