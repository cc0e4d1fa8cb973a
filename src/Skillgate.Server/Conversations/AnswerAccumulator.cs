using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Server.Conversations;

/// <summary>
/// Rebuilds the assistant message from a Messages stream's events, so that a streamed answer can be persisted.
/// It is complete only after <c>message_stop</c>; an <c>error</c> event or a stream that ends earlier leaves it incomplete.
/// The text it gathers is bounded by <c>maxChars</c>: past it the answer is dropped (failed, not persisted) rather than
/// grown without bound by an upstream that never stops.
/// </summary>
internal sealed class AnswerAccumulator(long maxChars = AnswerAccumulator.DefaultMaxChars)
{
    /// <summary>16 Mi characters: an answer of the most output tokens any model allows is far below.</summary>
    public const long DefaultMaxChars = 16 * 1024 * 1024;

    private readonly SortedDictionary<int, JsonObject> _blocks = [];
    private readonly Dictionary<int, StringBuilder> _inputJson = [];
    private readonly Dictionary<(int Index, string Field), StringBuilder> _text = [];
    private long _chars;

    public bool Complete { get; private set; }

    public bool Failed { get; private set; }

    /// <summary>The total input tokens the upstream reported (input + cache creation + cache read), or 0.</summary>
    public long InputTokens { get; private set; }

    /// <summary>The output tokens the upstream reported, or 0.</summary>
    public long OutputTokens { get; private set; }

    public void OnEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        if (Complete || Failed)
        {
            return;
        }

        if (name.SequenceEqual("error"u8))
        {
            Failed = true;
            return;
        }

        if (name.SequenceEqual("message_stop"u8))
        {
            Complete = true;
            return;
        }

        if (!name.SequenceEqual("message_start"u8) && !name.SequenceEqual("message_delta"u8) && !name.SequenceEqual("content_block_start"u8)
            && !name.SequenceEqual("content_block_delta"u8) && !name.SequenceEqual("content_block_stop"u8))
        {
            return;
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(data) as JsonObject ?? throw new JsonException("not an object");
            Apply(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // An event we cannot read means we cannot vouch for the answer: it is not persisted.
            Failed = true;
        }
    }

    /// <summary>The assistant message, <c>{"role":"assistant","content":[...]}</c>.</summary>
    public string ToMessageJson() => new JsonObject
    {
        ["role"] = "assistant",
        ["content"] = new JsonArray([.. _blocks.Values.Select(b => (JsonNode)b)]),
    }.ToJsonString();

    /// <summary>The total input tokens of a usage object (input + cache creation + cache read).</summary>
    public static long TotalInput(JsonNode? usage) =>
        usage is JsonObject u
            ? Number(u["input_tokens"]) + Number(u["cache_creation_input_tokens"]) + Number(u["cache_read_input_tokens"])
            : 0;

    public static long Number(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<long>() : 0;

    private void Apply(JsonObject json)
    {
        switch (json["type"]?.GetValue<string>())
        {
            case "message_start":
                InputTokens = TotalInput(json["message"]?["usage"]);
                OutputTokens = Number(json["message"]?["usage"]?["output_tokens"]);
                break;
            case "message_delta":
                OutputTokens = Math.Max(OutputTokens, Number(json["usage"]?["output_tokens"]));
                break;
            case "content_block_start":
                var index = json["index"]!.GetValue<int>();
                _blocks[index] = json["content_block"]!.DeepClone().AsObject();
                if (_blocks[index]["type"]?.GetValue<string>() is "tool_use" or "server_tool_use" or "mcp_tool_use")
                {
                    _inputJson[index] = new StringBuilder();
                }

                break;
            case "content_block_delta":
                ApplyDelta(_blocks[json["index"]!.GetValue<int>()], json["index"]!.GetValue<int>(), json["delta"]!.AsObject());
                break;
            case "content_block_stop":
                var stopped = json["index"]!.GetValue<int>();
                if (_inputJson.Remove(stopped, out var input))
                {
                    _blocks[stopped]["input"] = input.Length == 0 ? new JsonObject() : JsonNode.Parse(input.ToString());
                }

                foreach (var field in (ReadOnlySpan<string>)["text", "thinking"])
                {
                    if (_text.Remove((stopped, field), out var text))
                    {
                        _blocks[stopped][field] = (_blocks[stopped][field]?.GetValue<string>() ?? string.Empty) + text;
                    }
                }

                break;
        }
    }

    private void ApplyDelta(JsonObject block, int index, JsonObject delta)
    {
        switch (delta["type"]?.GetValue<string>())
        {
            case "text_delta":
                Append(index, "text", delta["text"]!.GetValue<string>());
                break;
            case "thinking_delta":
                Append(index, "thinking", delta["thinking"]!.GetValue<string>());
                break;
            case "signature_delta":
                block["signature"] = delta["signature"]!.GetValue<string>();
                break;
            case "input_json_delta":
                var json = delta["partial_json"]!.GetValue<string>();
                if (Within(json.Length))
                {
                    _inputJson[index].Append(json);
                }

                break;
            case "citations_delta":
                if (block["citations"] is not JsonArray citations)
                {
                    block["citations"] = citations = [];
                }

                citations.Add(delta["citation"]!.DeepClone());
                break;
        }
    }

    private void Append(int index, string field, string text)
    {
        if (!Within(text.Length))
        {
            return;
        }

        if (!_text.TryGetValue((index, field), out var sb))
        {
            _text[(index, field)] = sb = new StringBuilder();
        }

        sb.Append(text);
    }

    /// <summary>Counts <paramref name="chars"/> more; past the limit, drops everything gathered and fails the answer.</summary>
    private bool Within(int chars)
    {
        _chars += chars;
        if (_chars <= maxChars)
        {
            return true;
        }

        Failed = true;
        _blocks.Clear();
        _inputJson.Clear();
        _text.Clear();
        return false;
    }
}
