using System.Text;
using System.Text.Json;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class MessageStreamRestorerTests
{
    private readonly Pseudonymizer _p = new(new RedactionOptions { Key = PseudonymizerTests.TestKey });

    private static (string, byte[]) Event(string type, object data) => (type, JsonSerializer.SerializeToUtf8Bytes(data));

    [Fact]
    public void Process_PlaceholdersSplitAcrossDeltas_TextAndToolInputRestored()
    {
        var vault = _p.CreateVault("c");
        var text = _p.Redact("Mail ana@example.com or call 13800138000.", vault);
        var toolJson = "{\"to\": \"" + _p.Redact("ana@example.com", vault) + "\"}";

        for (var cut = 0; cut <= Math.Min(text.Length, toolJson.Length); cut++)
        {
            var events = new List<(string, byte[])>
            {
                Event("message_start", new { type = "message_start" }),
                Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }),
                Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = text[..cut] } }),
                Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = text[cut..] } }),
                Event("content_block_stop", new { type = "content_block_stop", index = 0 }),
                Event("content_block_delta", new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = toolJson[..cut] } }),
                Event("content_block_delta", new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = toolJson[cut..] } }),
                Event("content_block_stop", new { type = "content_block_stop", index = 1 }),
                Event("message_stop", new { type = "message_stop" }),
            };
            var restorer = _p.CreateMessageStreamRestorer(vault);
            var output = events.SelectMany(e => restorer.Process(e.Item1, e.Item2)).ToList();

            var texts = new StringBuilder();
            var json = new StringBuilder();
            foreach (var e in output.Where(e => e.EventType == "content_block_delta"))
            {
                using var doc = JsonDocument.Parse(e.Data);
                var delta = doc.RootElement.GetProperty("delta");
                _ = delta.GetProperty("type").GetString() == "text_delta"
                    ? texts.Append(delta.GetProperty("text").GetString())
                    : json.Append(delta.GetProperty("partial_json").GetString());
            }

            Assert.Equal("Mail ana@example.com or call 13800138000.", texts.ToString());
            Assert.Equal("ana@example.com", JsonDocument.Parse(json.ToString()).RootElement.GetProperty("to").GetString());
            Assert.Equal("message_stop", output[^1].EventType);
            var stops = output.Select((e, i) => (e, i)).Where(x => x.e.EventType == "content_block_stop").Select(x => x.i).ToList();
            Assert.Equal(2, stops.Count);
        }
    }

    [Fact]
    public void Process_UnknownAndThinkingEvents_PassThroughUnchanged()
    {
        var vault = _p.CreateVault("c");
        var placeholder = _p.Redact("ana@example.com", vault);
        var restorer = _p.CreateMessageStreamRestorer(vault);
        var thinking = JsonSerializer.SerializeToUtf8Bytes(new { type = "content_block_delta", index = 0, delta = new { type = "thinking_delta", thinking = placeholder } });
        var unknown = "{\"type\":\"future_event\",\"x\":1}"u8.ToArray();

        Assert.Equal(thinking, restorer.Process("content_block_delta", thinking).Single().Data.ToArray());
        Assert.Equal(unknown, restorer.Process("future_event", unknown).Single().Data.ToArray());
        Assert.Equal("not json"u8.ToArray(), restorer.Process("content_block_delta", "not json"u8.ToArray()).Single().Data.ToArray());
    }
}
