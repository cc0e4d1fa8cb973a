using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Skillgate.Redaction.Pseudonymization;

namespace Skillgate.Redaction;

/// <summary>
/// Puts the real values back into a streamed answer. Feed each text delta (or, in JSON mode, each
/// <c>input_json_delta.partial_json</c> fragment) in order, split anywhere; each call returns the restored text that is
/// safe to emit now, holding back only a tail that could still become a placeholder (at most about 60 characters).
/// Call <see cref="Flush"/> when the content block ends. One instance per content block; not thread-safe.
/// </summary>
public sealed class StreamingRestorer
{
    private const string EscapedOpen = "\\u27e6";
    private const string EscapedClose = "\\u27e7";
    private static readonly SearchValues<char> TextStops = SearchValues.Create([Placeholder.Open]);
    private static readonly SearchValues<char> JsonStops = SearchValues.Create([Placeholder.Open, '\\']);

    private readonly PseudonymVault _vault;
    private readonly bool _json;
    private readonly StringBuilder _pending = new();
    private readonly RedactionMetrics? _metrics;

    internal StreamingRestorer(PseudonymVault vault, bool json, RedactionMetrics? metrics = null)
    {
        _vault = vault;
        _json = json;
        _metrics = metrics;
    }

    /// <summary>Characters currently held back because they may start a placeholder.</summary>
    public int PendingLength => _pending.Length;

    /// <summary>Adds <paramref name="delta"/> and returns the restored text that can be emitted now (possibly empty).</summary>
    public string Push(ReadOnlySpan<char> delta)
    {
        _pending.Append(delta);
        return Drain(final: false);
    }

    /// <summary>Returns everything still held back (restored where complete); call at the end of the block.</summary>
    public string Flush() => Drain(final: true);

    private string Drain(bool final)
    {
        var buf = _pending.ToString();
        var output = new StringBuilder(buf.Length);
        var stops = _json ? JsonStops : TextStops;
        var i = 0;
        while (i < buf.Length)
        {
            var k = buf.AsSpan(i).IndexOfAny(stops);
            if (k < 0)
            {
                output.Append(buf, i, buf.Length - i);
                i = buf.Length;
                break;
            }

            output.Append(buf, i, k);
            i += k;
            var (status, length, inner) = Match(buf, i);
            if (status == MatchStatus.Partial && !final)
            {
                break;
            }

            if (status == MatchStatus.Complete)
            {
                var placeholder = string.Concat(Placeholder.Open.ToString(), inner, Placeholder.Close.ToString());
                if (_vault.TryResolve(placeholder, out var value))
                {
                    _metrics?.Restored(Placeholder.TypeOf(inner!));
                    output.Append(_json ? JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() : value);
                }
                else
                {
                    output.Append(buf, i, length);
                }

                i += length;
            }
            else
            {
                // Not a placeholder: emit the stop character (in JSON, a whole escape pair so "\\u27e6" stays literal).
                var n = _json && buf[i] == '\\' ? Math.Min(2, buf.Length - i) : 1;
                output.Append(buf, i, n);
                i += n;
            }
        }

        _pending.Clear();
        _pending.Append(buf, i, buf.Length - i);
        return output.ToString();
    }

    private enum MatchStatus
    {
        None,
        Partial,
        Complete,
    }

    private (MatchStatus Status, int Length, string? Inner) Match(string s, int i)
    {
        var open = Delimiter(s, i, Placeholder.Open, EscapedOpen);
        if (open <= 0)
        {
            return (open == 0 ? MatchStatus.Partial : MatchStatus.None, 0, null);
        }

        var j = i + open;
        while (j < s.Length && j - i - open < Placeholder.MaxInnerLength && Placeholder.IsInnerChar(s[j]))
        {
            j++;
        }

        if (j == s.Length)
        {
            return (MatchStatus.Partial, 0, null);
        }

        var innerLength = j - i - open;
        if (innerLength == 0)
        {
            return (MatchStatus.None, 0, null);
        }

        var close = Delimiter(s, j, Placeholder.Close, EscapedClose);
        return close switch
        {
            0 => (MatchStatus.Partial, 0, null),
            < 0 => (MatchStatus.None, 0, null),
            _ => (MatchStatus.Complete, j - i + close, s.Substring(i + open, innerLength)),
        };
    }

    /// <summary>Length of the delimiter at <paramref name="i"/>; 0 if the text ends inside a possible one; -1 if none.</summary>
    private int Delimiter(string s, int i, char raw, string escaped)
    {
        if (s[i] == raw)
        {
            return 1;
        }

        if (!_json || s[i] != '\\')
        {
            return -1;
        }

        for (var k = 0; k < escaped.Length; k++)
        {
            if (i + k == s.Length)
            {
                return 0;
            }

            if (char.ToLowerInvariant(s[i + k]) != escaped[k])
            {
                return -1;
            }
        }

        return escaped.Length;
    }
}
