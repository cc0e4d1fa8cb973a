namespace Skillgate.Core.Tests.Tokens;

/// <summary>A tokenizer unlike o200k: counts words, CJK characters and code characters with its own rates.</summary>
internal static class FakeUpstream
{
    public static long Count(string text)
    {
        double tokens = 12;
        var word = false;
        foreach (var line in text.Split('\n'))
        {
            var code = line.Contains(';', StringComparison.Ordinal) || line.Contains('{', StringComparison.Ordinal) || line.Trim() == "}";
            foreach (var c in line)
            {
                if (c >= '\u3000')
                {
                    tokens += 1.35;
                    word = false;
                }
                else if (code)
                {
                    tokens += char.IsWhiteSpace(c) ? 0.05 : 0.34;
                }
                else if (char.IsLetterOrDigit(c))
                {
                    tokens += word ? 0.02 : 1.25;
                    word = true;
                }
                else
                {
                    tokens += char.IsWhiteSpace(c) ? 0 : 1;
                    word = false;
                }
            }
        }

        return (long)Math.Round(tokens);
    }
}
