using System.Text.Json;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class EchoTests
{
    private const string Email = "jane.doe@example.com";
    private const string Prompt = "Please write to " + Email + " today, EMAIL_1a2b3c4d stays.";

    private static Message Parse(string json) => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Message)!;

    // An echo token is up to 4 characters (code points).
    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    [Fact]
    public async Task Post_EchoNonStreaming_LastUserTextWithoutDirectiveAndUsage()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body(Prompt + " [[sim:echo]]"));

        var message = Parse(await response.Content.ReadAsStringAsync());
        var text = Assert.IsType<TextBlock>(Assert.Single(message.Content)).Text;
        Assert.Equal(Prompt, text);
        Assert.DoesNotContain("[[sim:", text, StringComparison.Ordinal);
        Assert.Equal(StopReasons.EndTurn, message.StopReason);
        Assert.Equal((CodePoints(Prompt) + 3) / 4, message.Usage.OutputTokens);
        Assert.True(message.Usage.InputTokens > 0);
        Assert.Equal(message.Usage.OutputTokens, (await sim.GetStatsAsync()).OutputTokens);
    }

    [Fact]
    public async Task Post_EchoStreaming_SplitDeltasSameTextAndUsageAsNonStreaming()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        var plain = Parse(await (await client.PostMessageAsync(SimTestHelpers.Body("[[sim:echo]] " + Prompt))).Content.ReadAsStringAsync());

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("[[sim:echo]] " + Prompt, stream: true), HttpCompletionOption.ResponseHeadersRead);
        var events = await response.ReadEventsAsync();

        var deltas = events.OfType<ContentBlockDeltaEvent>().Select(e => ((TextDelta)e.Delta).Text).ToList();
        Assert.Equal(Prompt, string.Concat(deltas));
        Assert.True(deltas.Count >= (CodePoints(Prompt) + 3) / 4 / 4, $"{deltas.Count} deltas");
        Assert.All(deltas, d => Assert.InRange(CodePoints(d), 1, 16));
        Assert.DoesNotContain(deltas, d => d.Contains(Email, StringComparison.Ordinal));
        Assert.DoesNotContain(deltas, d => d.Contains("EMAIL_1a2b3c4d", StringComparison.Ordinal));
        var delta = events.OfType<MessageDeltaEvent>().Single();
        Assert.Equal(StopReasons.EndTurn, delta.Delta.StopReason);
        Assert.Equal(plain.Usage.OutputTokens, delta.Usage.OutputTokens);
        Assert.Equal(plain.Usage.InputTokens, delta.Usage.InputTokens);
        Assert.Equal(1, events.OfType<MessageStartEvent>().Single().Message.Usage.OutputTokens);
        Assert.IsType<MessageStopEvent>(events[^1]);
    }

    [Fact]
    public async Task Post_EchoContentBlocks_TextsUnescapedJoinedAndDirectiveBlockSkipped()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        const string body = """
            {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[
              {"role":"user","content":"earlier turn"},
              {"role":"assistant","content":"ok"},
              {"role":"user","content":[
                {"type":"text","text":"Line \"one\"\u00e9 "},
                {"type":"text","text":" [[sim:echo]] "},
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"Grüße 你好 🎉"}]}]}]}
            """;

        using var response = await client.PostMessageAsync(body);

        var message = Parse(await response.Content.ReadAsStringAsync());
        var text = Assert.IsType<TextBlock>(Assert.Single(message.Content)).Text;
        Assert.Equal("Line \"one\"é\nGrüße 你好 🎉", text);
        Assert.Equal((CodePoints(text) + 3) / 4, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task Post_EchoNonAsciiStreaming_DeltasSplitOnCharacters()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = 3 });
        using var client = SimTestHelpers.Client(sim);
        const string prompt = "Grüße aus 東京 🎉🎉🎉 und ünïcödé everywhere, 한국어 too.";

        using var response = await client.PostMessageAsync(SimTestHelpers.Body(prompt + "[[sim:echo]]", stream: true));
        var events = await response.ReadEventsAsync();

        Assert.Equal(prompt, string.Concat(events.OfType<ContentBlockDeltaEvent>().Select(e => ((TextDelta)e.Delta).Text)));
        Assert.Equal((CodePoints(prompt) + 3) / 4, events.OfType<MessageDeltaEvent>().Single().Usage.OutputTokens);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_EchoOverMaxTokens_CutWithMaxTokensStop(bool stream)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("abcdefghijklmnopqrstuvwxyz [[sim:echo]]", maxTokens: 3, stream: stream));

        string text;
        int output;
        string? stop;
        if (stream)
        {
            var events = await response.ReadEventsAsync();
            text = string.Concat(events.OfType<ContentBlockDeltaEvent>().Select(e => ((TextDelta)e.Delta).Text));
            var delta = events.OfType<MessageDeltaEvent>().Single();
            (output, stop) = (delta.Usage.OutputTokens, delta.Delta.StopReason);
        }
        else
        {
            var message = Parse(await response.Content.ReadAsStringAsync());
            text = ((TextBlock)message.Content[0]).Text;
            (output, stop) = (message.Usage.OutputTokens, message.StopReason);
        }

        Assert.Equal("abcdefghijkl", text);
        Assert.Equal(3, output);
        Assert.Equal(StopReasons.MaxTokens, stop);
    }

    [Fact]
    public async Task Post_EchoRequest_RawBodyWithoutDirective()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        var body = SimTestHelpers.Body("Mail " + Email + " [[sim:echo=request]]", extra: ""","system":"Be brief.","metadata":{"user_id":"u1"}""");

        using var response = await client.PostMessageAsync(body);

        var text = ((TextBlock)Parse(await response.Content.ReadAsStringAsync()).Content[0]).Text;
        Assert.Equal(body.Replace("[[sim:echo=request]]", "", StringComparison.Ordinal), text);
        using var echoed = JsonDocument.Parse(text);
        Assert.Equal("Be brief.", echoed.RootElement.GetProperty("system").GetString());
        Assert.Equal("Mail " + Email + " ", echoed.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_EchoWithTool_EchoIsTheFirstPropertyOfTheToolInput(bool stream)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        const string tools = ""","tools":[{"name":"send_mail","input_schema":{"type":"object","properties":{"body":{"type":"string"},"subject":{"type":"string"}}}}]""";
        const string prompt = "Write to \"" + Email + "\" <now> & später";

        using var response = await client.PostMessageAsync(SimTestHelpers.Body(prompt + " [[sim:echo tool]]", stream: stream, extra: tools));

        JsonElement input;
        if (stream)
        {
            var events = await response.ReadEventsAsync();
            var json = string.Concat(events.OfType<ContentBlockDeltaEvent>().Where(e => e.Delta is InputJsonDelta).Select(e => ((InputJsonDelta)e.Delta).PartialJson));
            input = JsonDocument.Parse(json).RootElement.Clone();
            Assert.Equal(StopReasons.ToolUse, events.OfType<MessageDeltaEvent>().Single().Delta.StopReason);
        }
        else
        {
            var message = Parse(await response.Content.ReadAsStringAsync());
            input = message.Content.OfType<ToolUseBlock>().Single().Input;
            Assert.Equal(StopReasons.ToolUse, message.StopReason);
        }

        Assert.Equal(prompt, input.GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.String, input.GetProperty("subject").ValueKind);
    }

    [Fact]
    public async Task Post_EchoInBatch_ResultEchoes()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { BatchRequestMs = 0 });
        using var client = SimTestHelpers.Client(sim);
        var create = $$"""{"requests":[{"custom_id":"a","params":{{SimTestHelpers.Body("batched " + Email + " [[sim:echo]]")}}}]}""";

        using var created = await client.PostAsync("/v1/messages/batches", SimTestHelpers.Json(create));
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetString();
        var results = await client.GetStringAsync($"/v1/messages/batches/{id}/results");

        using var line = JsonDocument.Parse(results.Trim());
        var message = line.RootElement.GetProperty("result").GetProperty("message");
        Assert.Equal("batched " + Email, message.GetProperty("content")[0].GetProperty("text").GetString());
    }
}
