using System.Buffers.Text;
using Skillgate.Simulator.Generation;

namespace Skillgate.Simulator.Faults;

/// <summary>Test directives found in the last user message: <c>[[sim:fault=529]]</c>,
/// <c>[[sim:fault=403]]</c> (any of 400, 401, 402, 403, 404, 413, 429, 503), <c>[[sim:tool]]</c>, <c>[[sim:tool=name]]</c>, <c>[[sim:tokens=200]]</c>, <c>[[sim:ttft=500]]</c>,
/// <c>[[sim:echo]]</c>, <c>[[sim:echo=request]]</c>, <c>[[sim:pause_turn]]</c>, <c>[[sim:pause_turn=N]]</c>;
/// several may be combined in one tag, separated by spaces or commas: <c>[[sim:fault=cut tokens=50]]</c>.</summary>
internal struct Directives
{
    public FaultKind Fault;
    public int FaultStatus;
    public bool ForceTool;
    public string? ToolName;
    public int OutputTokens;
    public int TimeToFirstTokenMs;
    public EchoMode Echo;

    /// <summary>How many turns of a code-execution reply end with <c>pause_turn</c> before the last one ends the turn.</summary>
    public int PauseTurns;

    public bool HasAny => Fault != FaultKind.None || ForceTool || OutputTokens > 0 || TimeToFirstTokenMs > 0 || Echo != EchoMode.None;

    public static Directives Parse(ReadOnlySpan<byte> text)
    {
        var result = default(Directives);
        while (true)
        {
            var start = text.IndexOf("[[sim:"u8);
            if (start < 0)
            {
                return result;
            }

            text = text[(start + 6)..];
            var end = text.IndexOf("]]"u8);
            if (end < 0)
            {
                return result;
            }

            var body = text[..end];
            text = text[(end + 2)..];
            while (!body.IsEmpty)
            {
                var sep = body.IndexOfAny((byte)' ', (byte)',');
                var item = sep < 0 ? body : body[..sep];
                body = sep < 0 ? default : body[(sep + 1)..];
                if (!item.IsEmpty)
                {
                    result.Apply(item);
                }
            }
        }
    }

    private void Apply(ReadOnlySpan<byte> item)
    {
        var eq = item.IndexOf((byte)'=');
        var name = eq < 0 ? item : item[..eq];
        var value = eq < 0 ? default : item[(eq + 1)..];
        if (name.SequenceEqual("fault"u8))
        {
            Fault = ParseFault(value);
            if (Fault == FaultKind.None && Utf8Parser.TryParse(value, out int status, out var used) && used == value.Length
                && status is 400 or 401 or 402 or 403 or 404 or 413 or 429 or 503)
            {
                Fault = FaultKind.Status;
                FaultStatus = status;
            }
        }
        else if (name.SequenceEqual("tool"u8))
        {
            ForceTool = true;
            ToolName = value.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(value);
        }
        else if (name.SequenceEqual("tokens"u8) && Utf8Parser.TryParse(value, out int tokens, out _) && tokens > 0)
        {
            OutputTokens = tokens;
        }
        else if (name.SequenceEqual("echo"u8))
        {
            Echo = value.IsEmpty ? EchoMode.LastUserMessage
                : value.SequenceEqual("request"u8) ? EchoMode.Request
                : Echo;
        }
        else if (name.SequenceEqual("pause_turn"u8))
        {
            PauseTurns = value.IsEmpty ? 1 : Utf8Parser.TryParse(value, out int turns, out _) && turns > 0 ? turns : PauseTurns;
        }
        else if (name.SequenceEqual("ttft"u8) && Utf8Parser.TryParse(value, out int ttft, out _) && ttft > 0)
        {
            TimeToFirstTokenMs = ttft;
        }
    }

    /// <summary>Copies <paramref name="text"/> to <paramref name="output"/> without its <c>[[sim:...]]</c> tags;
    /// returns the bytes written (at most <paramref name="text"/>'s length).</summary>
    public static int Strip(ReadOnlySpan<byte> text, Span<byte> output)
    {
        var written = 0;
        while (true)
        {
            var start = text.IndexOf("[[sim:"u8);
            var end = start < 0 ? -1 : text[start..].IndexOf("]]"u8);
            if (end < 0)
            {
                text.CopyTo(output[written..]);
                return written + text.Length;
            }

            text[..start].CopyTo(output[written..]);
            written += start;
            text = text[(start + end + 2)..];
        }
    }

    internal static FaultKind ParseFault(ReadOnlySpan<byte> value)
    {
        if (value.SequenceEqual("500"u8) || value.SequenceEqual("api_error"u8))
        {
            return FaultKind.ApiError;
        }

        if (value.SequenceEqual("504"u8) || value.SequenceEqual("timeout"u8))
        {
            return FaultKind.Timeout;
        }

        if (value.SequenceEqual("529"u8) || value.SequenceEqual("overloaded"u8))
        {
            return FaultKind.Overloaded;
        }

        if (value.SequenceEqual("reset"u8))
        {
            return FaultKind.ResetBeforeHeaders;
        }

        if (value.SequenceEqual("stall"u8))
        {
            return FaultKind.StallBeforeHeaders;
        }

        if (value.SequenceEqual("error-event"u8) || value.SequenceEqual("error"u8))
        {
            return FaultKind.ErrorMidStream;
        }

        if (value.SequenceEqual("cut"u8))
        {
            return FaultKind.CutMidStream;
        }

        if (value.SequenceEqual("stall-mid"u8))
        {
            return FaultKind.StallMidStream;
        }

        return value.SequenceEqual("drip"u8) ? FaultKind.SlowDrip : FaultKind.None;
    }
}
