using System.Buffers;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>Model text made safe for a terminal: control characters (escape sequences included) are dropped, except new lines and tabs.</summary>
internal static class TerminalText
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not '\n' and not '\t').Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    public static string Clean(string text)
    {
        if (text.AsSpan().IndexOfAny(Controls) < 0)
        {
            return text;
        }

        return string.Create(text.Length - text.Count(c => Controls.Contains(c)), text, static (destination, source) =>
        {
            var at = 0;
            foreach (var c in source)
            {
                if (!Controls.Contains(c))
                {
                    destination[at++] = c;
                }
            }
        });
    }
}
