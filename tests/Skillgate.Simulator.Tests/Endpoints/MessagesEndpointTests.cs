using System.Text;
using System.Text.Json;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class MessagesEndpointTests
{
    [Fact]
    public async Task Post_NonStreaming_MessageWithUsage()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("Hello there, how are you?"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("req_01", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
        var message = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ProtocolJsonContext.Default.Message)!;
        Assert.StartsWith("msg_01", message.Id, StringComparison.Ordinal);
        Assert.Equal("claude-sonnet-4-5", message.Model);
        Assert.Equal(StopReasons.EndTurn, message.StopReason);
        var text = Assert.IsType<TextBlock>(Assert.Single(message.Content)).Text;
        Assert.Equal(message.Usage.OutputTokens, text.Split(' ').Length);
        Assert.InRange(message.Usage.OutputTokens, 20, 120);
        Assert.True(message.Usage.InputTokens > 0);
        Assert.Equal(0, message.Usage.CacheReadInputTokens);
    }

    [Fact]
    public async Task Post_Streaming_RealEventSequenceMatchingNonStreaming()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = 7 });
        using var client = SimTestHelpers.Client(sim);

        using var plain = await client.PostMessageAsync(SimTestHelpers.Body("Tell me a story"));
        var expected = JsonSerializer.Deserialize(await plain.Content.ReadAsStringAsync(), ProtocolJsonContext.Default.Message)!;
        using var streamed = await client.PostMessageAsync(SimTestHelpers.Body("Tell me a story", stream: true), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("text/event-stream; charset=utf-8", streamed.Content.Headers.ContentType!.ToString());
        var events = await streamed.ReadEventsAsync();
        Assert.IsType<MessageStartEvent>(events[0]);
        Assert.IsType<ContentBlockStartEvent>(events[1]);
        Assert.IsType<PingEvent>(events[2]);
        Assert.IsType<ContentBlockStopEvent>(events[^3]);
        var delta = Assert.IsType<MessageDeltaEvent>(events[^2]);
        Assert.IsType<MessageStopEvent>(events[^1]);
        var text = string.Concat(events.OfType<ContentBlockDeltaEvent>().Select(e => ((TextDelta)e.Delta).Text));
        Assert.Equal(((TextBlock)expected.Content[0]).Text, text);
        Assert.Equal(expected.Usage.OutputTokens, delta.Usage.OutputTokens);
        Assert.Equal(expected.Usage.InputTokens, delta.Usage.InputTokens);
        Assert.Equal(StopReasons.EndTurn, delta.Delta.StopReason);
    }

    [Fact]
    public async Task Post_SameSeed_SameContent_OtherSeedDiffers()
    {
        async Task<string> TextAsync(int seed)
        {
            await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = seed });
            using var client = SimTestHelpers.Client(sim);
            using var response = await client.PostMessageAsync(SimTestHelpers.Body("same prompt"));
            var json = await response.ReadJsonAsync();
            return json.GetProperty("content")[0].GetProperty("text").GetString()!;
        }

        Assert.Equal(await TextAsync(3), await TextAsync(3));
        Assert.NotEqual(await TextAsync(3), await TextAsync(4));
    }

    [Fact]
    public async Task Post_OutputLongerThanMaxTokens_StopsWithMaxTokens()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("write [[sim:tokens=50]]", maxTokens: 10));

        var json = await response.ReadJsonAsync();
        Assert.Equal("max_tokens", json.GetProperty("stop_reason").GetString());
        Assert.Equal(10, json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Post_TokensDirective_ExactOutputLength()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("write [[sim:tokens=333]]", maxTokens: 1000, stream: true));

        var events = await response.ReadEventsAsync();
        Assert.Equal(333, events.OfType<MessageDeltaEvent>().Single().Usage.OutputTokens);
        Assert.Equal(333, string.Concat(events.OfType<ContentBlockDeltaEvent>().Select(e => ((TextDelta)e.Delta).Text)).Split(' ').Length);
    }

    [Fact]
    public async Task Post_ToolDirectiveStreaming_InputJsonDeltasStartEmpty()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        const string tools = ""","tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}}}}]""";

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("Weather in Paris? [[sim:tool]]", stream: true, extra: tools));

        var events = await response.ReadEventsAsync();
        var toolStart = events.OfType<ContentBlockStartEvent>().Single(e => e.ContentBlock is ToolUseBlock);
        Assert.Equal(1, toolStart.Index);
        Assert.Equal("get_weather", ((ToolUseBlock)toolStart.ContentBlock).Name);
        var jsonDeltas = events.OfType<ContentBlockDeltaEvent>().Where(e => e.Index == 1).Select(e => ((InputJsonDelta)e.Delta).PartialJson).ToList();
        Assert.Equal("", jsonDeltas[0]);
        Assert.True(jsonDeltas.Count > 2);
        using var input = JsonDocument.Parse(string.Concat(jsonDeltas));
        Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("unit").ValueKind);
        Assert.Equal(StopReasons.ToolUse, events.OfType<MessageDeltaEvent>().Single().Delta.StopReason);
        Assert.Equal(2, events.OfType<ContentBlockStopEvent>().Count());
    }

    [Fact]
    public async Task Post_ToolChoiceAny_NonStreamingToolUseOnly()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        const string tools = ""","tools":[{"name":"lookup","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],"tool_choice":{"type":"any"}""";

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("find it", extra: tools));

        var message = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ProtocolJsonContext.Default.Message)!;
        var tool = Assert.IsType<ToolUseBlock>(Assert.Single(message.Content));
        Assert.StartsWith("toolu_01", tool.Id, StringComparison.Ordinal);
        Assert.Equal("lookup", tool.Name);
        Assert.Equal(StopReasons.ToolUse, message.StopReason);
    }

    [Fact]
    public async Task Post_Latency_TimeToFirstTokenAndSpeedApplied()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Latency = new LatencyOptions { TimeToFirstTokenMs = 150, TokensPerSecond = 200 },
        });
        using var client = SimTestHelpers.Client(sim);

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:tokens=40]]", stream: true), HttpCompletionOption.ResponseHeadersRead);
        await response.ReadEventsAsync();

        Assert.InRange(started.Elapsed.TotalMilliseconds, 150 + 150, 10_000);
    }

    [Fact]
    public async Task Post_CjkFactor_ScalesInputTokens()
    {
        await using var plain = await SimulatorHost.StartAsync(new SimulatorOptions());
        await using var scaled = await SimulatorHost.StartAsync(new SimulatorOptions { TokenFactors = new TokenFactorOptions { Cjk = 2.0 } });
        var body = SimTestHelpers.Body(new string('你', 1000));

        async Task<int> InputAsync(SimulatorHost sim)
        {
            using var client = SimTestHelpers.Client(sim);
            using var response = await client.PostMessageAsync(body);
            return (await response.ReadJsonAsync()).GetProperty("usage").GetProperty("input_tokens").GetInt32();
        }

        var a = await InputAsync(plain);
        var b = await InputAsync(scaled);
        Assert.InRange(b - a, 790, 810);
    }

    [Fact]
    public async Task Post_OverH2c_Works()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = new HttpClient
        {
            BaseAddress = sim.Http2Address,
            DefaultRequestVersion = new Version(2, 0),
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Add("x-api-key", SimulatorOptions.DefaultKey);

        var tasks = Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await client.PostMessageAsync(SimTestHelpers.Body("h2 " + i, stream: i % 2 == 0));
            Assert.Equal(new Version(2, 0), response.Version);
            Assert.Equal(200, (int)response.StatusCode);
            await response.Content.ReadAsByteArrayAsync();
        });
        await Task.WhenAll(tasks);
        Assert.Equal(20, sim.GetStats().Requests);
    }

    [Fact]
    public async Task Post_BodyIsUtf8Json_ContentNotEchoed()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("secret-value-123"));

        Assert.DoesNotContain("secret-value-123", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }
}
