using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Redaction;

/// <summary>
/// Restores placeholders in a streamed Messages response, one SSE event at a time. <c>text_delta</c> and
/// <c>input_json_delta</c> pieces go through a <see cref="StreamingRestorer"/> per content block, so a placeholder split
/// across deltas is restored whole; what is held back is sent as an extra delta just before <c>content_block_stop</c>.
/// Thinking deltas are left alone (their signature covers the text). Other events pass through unchanged.
/// One instance per response; not thread-safe.
/// </summary>
public sealed class MessageStreamRestorer
{
    private static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Pseudonymizer _pseudonymizer;
    private readonly PseudonymVault _vault;
    private readonly Dictionary<int, (StreamingRestorer Restorer, bool Json)> _blocks = [];

    internal MessageStreamRestorer(Pseudonymizer pseudonymizer, PseudonymVault vault)
    {
        _pseudonymizer = pseudonymizer;
        _vault = vault;
    }

    /// <summary>Processes one event and returns the events to forward in its place (zero, one or two).</summary>
    public IReadOnlyList<RestoredEvent> Process(string eventType, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        try
        {
            return eventType switch
            {
                "content_block_delta" => RestoreDelta(data),
                "content_block_stop" => FlushBlock(data),
                _ => [new RestoredEvent(eventType, data)],
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Not the shape we know: forward it as is (it can hold placeholders, never raw values).
            return [new RestoredEvent(eventType, data)];
        }
    }

    private RestoredEvent[] RestoreDelta(ReadOnlyMemory<byte> data)
    {
        var node = JsonNode.Parse(data.Span) as JsonObject;
        var delta = node?["delta"] as JsonObject;
        var index = node?["index"]?.GetValue<int>() ?? 0;
        var (field, json) = delta?["type"]?.GetValue<string>() switch
        {
            "text_delta" => ("text", false),
            "input_json_delta" => ("partial_json", true),
            _ => (null, false),
        };
        if (field is null || delta![field]?.GetValue<string>() is not { } piece)
        {
            return [new RestoredEvent("content_block_delta", data)];
        }

        var restored = Block(index, json).Push(piece);
        if (restored.Length == 0)
        {
            return [];
        }

        if (restored == piece)
        {
            return [new RestoredEvent("content_block_delta", data)];
        }

        delta[field] = restored;
        return [new RestoredEvent("content_block_delta", JsonSerializer.SerializeToUtf8Bytes(node, WriteOptions))];
    }

    private RestoredEvent[] FlushBlock(ReadOnlyMemory<byte> data)
    {
        var index = JsonNode.Parse(data.Span)?["index"]?.GetValue<int>() ?? 0;
        var stop = new RestoredEvent("content_block_stop", data);
        if (!_blocks.Remove(index, out var block))
        {
            return [stop];
        }

        var rest = block.Restorer.Flush();
        if (rest.Length == 0)
        {
            return [stop];
        }

        var delta = new JsonObject
        {
            ["type"] = "content_block_delta",
            ["index"] = index,
            ["delta"] = block.Json
                ? new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = rest }
                : new JsonObject { ["type"] = "text_delta", ["text"] = rest },
        };
        return [new RestoredEvent("content_block_delta", JsonSerializer.SerializeToUtf8Bytes(delta, WriteOptions)), stop];
    }

    private StreamingRestorer Block(int index, bool json)
    {
        if (!_blocks.TryGetValue(index, out var block))
        {
            block = (_pseudonymizer.CreateRestorer(_vault, json), json);
            _blocks[index] = block;
        }

        return block.Restorer;
    }
}
