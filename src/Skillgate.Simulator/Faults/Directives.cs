using System.Buffers.Text;
using Skillgate.Simulator.Generation;

namespace Skillgate.Simulator.Faults;

/// <summary>Test directives found in the last user message: <c>[[sim:fault=529]]</c>,
/// <c>[[sim:fault=403]]</c> (any of 400, 401, 402, 403, 404, 413, 429, 503), <c>[[sim:tool]]</c>, <c>[[sim:tool=name]]</c>, <c>[[sim:tool=name:{"a":"b"}]]</c> (that input), <c>[[sim:tokens=200]]</c>, <c>[[sim:ttft=500]]</c>,
/// <c>[[sim:echo]]</c>, <c>[[sim:echo=request]]</c>, <c>[[sim:pause_turn]]</c>, <c>[[sim:pause_turn=N]]</c>;
/// several may be combined in one tag, separated by spaces or commas: <c>[[sim:fault=cut tokens=50]]</c>.</summary>
internal struct Directives
{
    public FaultKind Fault;
    public int FaultStatus;
    public bool ForceTool;
    public string? ToolName;

    /// <summary>The tool call's input from <c>[[sim:tool=name:{json}]]</c> (compact JSON), or null for generated words.</summary>
    public string? ToolInput;
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
                var sep = ItemEnd(body);
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
            var colon = value.IndexOf(":{"u8);
            ToolInput = colon < 0 ? null : ToolInputJson(value[(colon + 1)..]);
            value = colon < 0 ? value : value[..colon];
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

    // An item ends at a space or comma outside braces, so that a tool input (tool=name:{"a":"b", "c":"d"}) stays whole.
    private static int ItemEnd(ReadOnlySpan<byte> body)
    {
        var depth = 0;
        for (var i = 0; i < body.Length; i++)
        {
            switch (body[i])
            {
                case (byte)'{':
                    depth++;
                    break;
                case (byte)'}':
                    depth--;
                    break;
                case (byte)' ' or (byte)',' when depth <= 0:
                    return i;
            }
        }

        return -1;
    }

    // The directive sits in a JSON string of the request, so its quotes arrive escaped (\"): unescape, then keep it only
    // when it is a JSON object.
    private static string? ToolInputJson(ReadOnlySpan<byte> escaped)
    {
        try
        {
            var quoted = new byte[escaped.Length + 2];
            quoted[0] = quoted[^1] = (byte)'"';
            escaped.CopyTo(quoted.AsSpan(1));
            var reader = new System.Text.Json.Utf8JsonReader(quoted);
            reader.Read();
            using var document = System.Text.Json.JsonDocument.Parse(reader.GetString() ?? "");
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? document.RootElement.GetRawText() : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
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
