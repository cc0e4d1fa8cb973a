using System.Text;
using Anthropic;
using Anthropic.Models.Messages;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Sdk;

/// <summary>Messages calls go through the library's upstream transport.</summary>
public sealed class TransportModeTests
{
    private static AnthropicClient Client(SimulatedGateway gateway) =>
        new() { BaseUrl = gateway.BaseUrl.ToString().TrimEnd('/'), ApiKey = "any", MaxRetries = 0 };

    private static MessageCreateParams Params(string text) => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = 64,
        Messages = [new UserMessageParam { Content = text }],
    };

    [Fact]
    public async Task Sdk_CreateStreamCount_WorkThroughTheTransport()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        var client = Client(gateway);

        var message = await client.Messages.Create(Params("Say hello."));
        var streamed = await client.Messages.CreateStreaming(Params("Say hello.")).Aggregate();

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "claude-sonnet-4-5",
            Messages = [new UserMessageParam { Content = "Count me." }],
        });

        Assert.True(Assert.Single(message.Content).TryPickText(out var whole));
        Assert.True(Assert.Single(streamed.Content).TryPickText(out var text));
        Assert.Equal(whole!.Text, text!.Text);
        Assert.Equal(message.Usage.InputTokens, streamed.Usage.InputTokens);
        Assert.Equal(message.Usage.OutputTokens, streamed.Usage.OutputTokens);
        Assert.Equal(7, count.InputTokens);   // "Count me.": 9 prose characters / 4 + 3 per message + 1, rounded up
    }

    [Fact]
    public async Task WebSocketStreams_GoThroughTheTransport()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        var uri = new UriBuilder(gateway.BaseUrl) { Scheme = "ws", Path = "/v1/ws" }.Uri;
        await using var client = await Skillgate.WebSockets.SkillgateWebSocketClient.ConnectAsync(uri);
        var body = """{"model":"claude-sonnet-4-5","max_tokens":40,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""u8.ToArray();

        var events = new List<Skillgate.WebSockets.GatewayStreamEvent>();
        await foreach (var e in client.StreamAsync(body))
        {
            events.Add(e);
        }

        Assert.Equal("message_start", events[0].EventType);
        Assert.Equal("message_stop", events[^1].EventType);
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Seq));
    }

    [Fact]
    public async Task KeyLimit_LearnedFromHeaders_SchedulerPacesAndCallerSucceeds()
    {
        // The gateway is configured for far more than the key allows; the simulator's rate-limit headers correct it.
        var sim = new SimulatorOptions { Keys = { new SimulatorKeyOptions { Key = "sk-sim-limited", RequestsPerMinute = 60 } } };
        await using var gateway = await SimulatedGateway.StartAsync(o => o.Upstream.RequestsPerMinute = 10_000, sim);
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl };
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"spend"}]}""";

        var statuses = new List<int>();
        for (var i = 0; i < 62; i++)
        {
            using var response = await http.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.True(gateway.Simulator.GetStats().Keys.Single().RateLimited <= 1, "the scheduler did not pace the key at its learned limit");
    }
}
