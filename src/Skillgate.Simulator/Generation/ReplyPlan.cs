using System.Text;
using Skillgate.Protocol;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Generation;

/// <summary>What the simulator will answer to one request: text, optional tool call, usage, stop reason.
/// Owns the pooled text buffer.</summary>
internal sealed class ReplyPlan : IDisposable
{
    private readonly List<int> _wordEnds = [];

    private ReplyPlan(PooledBuffer text)
    {
        Text = text;
    }

    public PooledBuffer Text { get; }

    /// <summary>Byte offsets in <see cref="Text"/> where each word (token) ends.</summary>
    public IReadOnlyList<int> WordEnds => _wordEnds;

    public string MessageId { get; private init; } = "";

    public string Model { get; private init; } = "";

    public int InputTokens { get; private init; }

    public int OutputTokens { get; private set; }

    public string StopReason { get; private set; } = StopReasons.EndTurn;

    public string? ToolId { get; private set; }

    public string? ToolName { get; private set; }

    public string? ToolInputJson { get; private set; }

    /// <summary>Tokens the tool call costs (its JSON plus framing).</summary>
    public int ToolTokens { get; private set; }

    /// <summary>Plans the reply; <paramref name="body"/> (the raw request) is read only for <c>[[sim:echo]]</c>.</summary>
    public static ReplyPlan Create(SimulatorState state, MessageRequestInfo info, ulong contentHash,
        in Directives directives, int inputTokens, ReadOnlySpan<byte> body = default)
    {
        var options = state.Options;
        var random = new SimRandom(contentHash);
        var useTool = info.ToolCount > 0 && info.ToolChoiceType != "none"
            && (directives.ForceTool || info.ToolChoiceType is "any" or "tool");
        var wanted = directives.OutputTokens > 0 ? directives.OutputTokens : random.Next(options.MinOutputTokens, options.MaxOutputTokens);
        var plan = new ReplyPlan(new PooledBuffer(Math.Min(wanted, 4096) * 8))
        {
            MessageId = state.Ids.Next("msg_"),
            Model = info.Model,
            InputTokens = inputTokens,
        };

        if (useTool)
        {
            var name = directives.ToolName ?? (info.ToolChoiceType == "tool" ? info.ToolChoiceName : null) ?? info.FirstToolName ?? "tool";
            var echo = directives.Echo == EchoMode.None ? null : EchoString(body, info, directives.Echo);
            var json = directives.ToolInput ?? BuildToolInput(info.FirstToolProperties, echo, ref random);
            var toolTokens = 10 + ((json.Length + 3) / 4);
            if (toolTokens <= info.MaxTokens)
            {
                plan.ToolId = state.Ids.Next("toolu_");
                plan.ToolName = name;
                plan.ToolInputJson = json;
                plan.ToolTokens = toolTokens;
                var preamble = directives.ForceTool && info.ToolChoiceType is not ("any" or "tool")
                    ? Math.Min(8, info.MaxTokens - toolTokens)
                    : 0;
                plan.AddWords(preamble, ref random);
                plan.OutputTokens = preamble + toolTokens;
                plan.StopReason = StopReasons.ToolUse;
                return plan;
            }
        }

        if (directives.Echo != EchoMode.None)
        {
            plan.AddEcho(body, info, directives.Echo);
            return plan;
        }

        var words = Math.Min(wanted, info.MaxTokens);
        plan.AddWords(words, ref random);
        plan.OutputTokens = words;
        plan.StopReason = wanted > info.MaxTokens ? StopReasons.MaxTokens : StopReasons.EndTurn;
        return plan;
    }

    public void Dispose() => Text.Dispose();

    private void AddWords(int count, ref SimRandom random)
    {
        for (var i = 0; i < count; i++)
        {
            var word = WordList.Words[random.Next(0, WordList.Words.Length - 1)];
            if (i == 0)
            {
                Text.GetSpan(word.Length)[0] = (byte)char.ToUpperInvariant((char)word[0]);
                Text.Advance(1);
                Text.Write(word.AsSpan(1));
            }
            else
            {
                Text.Write(word);
            }

            Text.Write(i == count - 1 ? "."u8 : " "u8);
            _wordEnds.Add(Text.Length);
        }
    }

    // An echo reply's tokens are pieces of up to 4 characters (code points), so a word, and a placeholder,
    // can be split across deltas as real tokens split them; cut at max_tokens like a generated reply.
    private void AddEcho(ReadOnlySpan<byte> body, MessageRequestInfo info, EchoMode mode)
    {
        EchoText.Write(body, info, mode, Text);
        var text = Text.WrittenSpan;
        var codePoints = 0;
        var cut = false;
        for (var i = 0; i < text.Length && !cut; i++)
        {
            if ((text[i] & 0xC0) == 0x80)
            {
                continue;
            }

            if (codePoints == 4)
            {
                _wordEnds.Add(i);
                codePoints = 0;
                cut = _wordEnds.Count == info.MaxTokens;
                if (cut)
                {
                    Text.Truncate(i);
                }
            }

            codePoints++;
        }

        if (!cut && text.Length > 0)
        {
            _wordEnds.Add(text.Length);
        }

        OutputTokens = _wordEnds.Count;
        StopReason = cut ? StopReasons.MaxTokens : StopReasons.EndTurn;
    }

    private static string EchoString(ReadOnlySpan<byte> body, MessageRequestInfo info, EchoMode mode)
    {
        using var buffer = new PooledBuffer(body.Length);
        EchoText.Write(body, info, mode, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The echo, when given, is the value of the first property (or of "text" when the schema has none).
    private static string BuildToolInput(IReadOnlyList<string> properties, string? echo, ref SimRandom random)
    {
        var builder = new StringBuilder("{");
        if (echo is not null && properties.Count == 0)
        {
            builder.Append("\"text\": \"").Append(JsonEscape(echo)).Append('"');
        }

        for (var i = 0; i < properties.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append('"').Append(JsonEscape(properties[i])).Append("\": \"");
            if (i == 0 && echo is not null)
            {
                builder.Append(JsonEscape(echo)).Append('"');
                continue;
            }

            builder.Append(Encoding.UTF8.GetString(WordList.Words[random.Next(0, WordList.Words.Length - 1)]));
            builder.Append(' ').Append(Encoding.UTF8.GetString(WordList.Words[random.Next(0, WordList.Words.Length - 1)]));
            builder.Append('"');
        }

        return builder.Append('}').ToString();
    }

    private static string JsonEscape(string value) =>
        System.Text.Json.JsonEncodedText.Encode(value).ToString();
}
