using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Skillgate.AI;
using Skillgate.Core.Tests.Upstream;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.AI;

public sealed class SkillgateChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_ScriptedUpstream_MapsTextAndUsage()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        using var transport = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        using IChatClient chat = new SkillgateChatClient(transport, "m", 128, upstream.BaseAddress);
        var response = await chat.GetResponseAsync("Hi");
        Assert.Equal("Hello world", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(10, response.Usage?.InputTokenCount);
        Assert.Equal(2, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ScriptedUpstream_YieldsDeltas()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        using var transport = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        using IChatClient chat = new SkillgateChatClient(transport, "m", 128, upstream.BaseAddress);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync("Hi"))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("Hello world", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(0, transport.InFlight);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CutMidStream_Throws()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "cut"));
        using var transport = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        using IChatClient chat = new SkillgateChatClient(transport, "m", 128, upstream.BaseAddress);
        var text = new StringBuilder();
        var error = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            await foreach (var update in chat.GetStreamingResponseAsync("Hi"))
            {
                text.Append(update.Text);
            }
        });
        Assert.Equal("Hello", text.ToString());
        Assert.Equal(UpstreamErrorKind.StreamInterrupted, error.Kind);
    }

    [Fact]
    public void Write_MessagesAndOptions_AnthropicShape()
    {
        var tool = AIFunctionFactory.Create((string city) => "sunny", "weather", "Gets the weather");
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
        ];
        var options = new ChatOptions { Temperature = 0.5f, StopSequences = ["END"], Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("weather") };
        var body = AnthropicRequestWriter.Write(messages, options, "claude-x", 100, stream: true);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("claude-x", root.GetProperty("model").GetString());
        Assert.Equal(100, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal("Be brief.", root.GetProperty("system").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        var wire = root.GetProperty("messages");
        Assert.Equal(3, wire.GetArrayLength());
        Assert.Equal("tool_use", wire[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Paris", wire[1].GetProperty("content")[0].GetProperty("input").GetProperty("city").GetString());
        Assert.Equal("user", wire[2].GetProperty("role").GetString());
        Assert.Equal("tool_result", wire[2].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("weather", root.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal("object", root.GetProperty("tools")[0].GetProperty("input_schema").GetProperty("type").GetString());
        Assert.Equal("tool", root.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble(), 3);
    }

    [Fact]
    public void Parse_ToolUseStream_EmitsFunctionCall()
    {
        var run = Encoding.UTF8.GetBytes(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n" +
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}\n\n" +
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}\n\n" +
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}\n\n" +
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n");
        var parser = new AnthropicStreamParser();
        var updates = new List<ChatResponseUpdate>();
        parser.Parse(run, updates);
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("toolu_1", call.CallId);
        Assert.Equal("Paris", call.Arguments?["city"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.ToChatResponse().FinishReason);
    }
}
