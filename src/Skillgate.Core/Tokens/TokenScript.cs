namespace Skillgate.Tokens;

/// <summary>The kinds of text that tokenize differently and are calibrated separately.</summary>
public enum TokenScript
{
    /// <summary>Prose in Latin and other alphabetic scripts.</summary>
    Latin = 0,

    /// <summary>Chinese, Japanese and Korean text (Han, kana, Hangul, full-width forms).</summary>
    Cjk = 1,

    /// <summary>Source code, JSON and other symbol-dense text.</summary>
    Code = 2,
}
