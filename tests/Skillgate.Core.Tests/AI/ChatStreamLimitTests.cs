using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Skillgate.AI;
using Skillgate.Core.Tests.Upstream;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.AI;

/// <summary>The <see cref="IChatClient"/> gathers a tool call's input from many small events: that total is bounded too.</summary>
[Collection(MemoryHeavyCollection.Name)]
public sealed class ChatStreamLimitTests
{
    [Fact]
    public void Parse_ToolInputPastLimit_Throws()
    {
        var parser = new AnthropicStreamParser(maxToolInputChars: 100);
        var updates = new List<ChatResponseUpdate>();
        parser.Parse(Encoding.UTF8.GetBytes(ToolStart), updates);
        parser.Parse(Encoding.UTF8.GetBytes(JsonDelta("{\"city\":\"" + new string('x', 80))), updates);

        var error = Assert.Throws<InvalidDataException>(() => parser.Parse(Encoding.UTF8.GetBytes(JsonDelta(new string('x', 20) + "\"}")), updates));

        Assert.Contains("'weather'", error.Message, StringComparison.Ordinal);
        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public void Parse_ToolInputAtLimit_Accepted()
    {
        var parser = new AnthropicStreamParser(maxToolInputChars: 100);
        var updates = new List<ChatResponseUpdate>();
        var input = "{\"city\":\"" + new string('x', 100 - 11) + "\"}";
        parser.Parse(Encoding.UTF8.GetBytes(ToolStart + JsonDelta(input[..50]) + JsonDelta(input[50..]) + ToolStop), updates);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(new string('x', 89), call.Arguments!["city"]?.ToString());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EndlessToolInput_ProtocolViolationAndReleased()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(EndlessToolInputAsync);
        using var transport = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        using IChatClient chat = new SkillgateChatClient(transport, "m", 128, upstream.BaseAddress);

        var error = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var update in chat.GetStreamingResponseAsync("Weather?"))
            {
                Assert.Empty(update.Contents.OfType<FunctionCallContent>());
            }
        });

        Assert.Equal(UpstreamErrorKind.ProtocolViolation, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains($"larger than {SseLimits.MaxEventBytes} characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, transport.InFlight);
    }

    private const string ToolStart =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}\n\n";

    private const string ToolStop = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";

    private static string JsonDelta(string partial) =>
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" +
        System.Text.Json.JsonSerializer.Serialize(partial) + "}}\n\n";

    /// <summary>A tool call whose input never ends: 64 KB deltas, up to twice the limit.</summary>
    private static async Task EndlessToolInputAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(ToolStart + JsonDelta("{\"city\":\""));
        var delta = Encoding.UTF8.GetBytes(JsonDelta(new string('x', 64 * 1024)));
        try
        {
            for (var sent = 0L; sent < 2L * SseLimits.MaxEventBytes; sent += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(delta, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up, as it should.
        }
    }
}
