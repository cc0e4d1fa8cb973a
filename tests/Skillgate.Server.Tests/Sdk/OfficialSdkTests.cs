using System.Text;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Sdk;

/// <summary>The official Anthropic C# SDK, pointed at the gateway by base URL alone.</summary>
public sealed class OfficialSdkTests
{
    private static AnthropicClient Client(SimulatedGateway gateway, string key = "any-key") =>
        new() { BaseUrl = gateway.BaseUrl.ToString().TrimEnd('/'), ApiKey = key, MaxRetries = 0 };

    private static MessageCreateParams Params(long maxTokens = 64) => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam { Content = "Say hello through the gateway." }],
    };

    [Fact]
    public async Task Create_NonStreaming_ReturnsMessageWithUsage()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        var client = Client(gateway);

        var message = await client.Messages.Create(Params());

        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.NotEmpty(message.Content);
        Assert.True(message.Usage.OutputTokens > 0);
    }

    [Fact]
    public async Task CreateStreaming_SameRequest_TextAndUsageEqualTheNonStreamingAnswer()
    {
        // The simulator's reply depends only on its seed and the request, so both calls get the same answer.
        await using var gateway = await SimulatedGateway.StartAsync(simulatorOptions: new SimulatorOptions { Seed = 11 });
        var client = Client(gateway);
        var parameters = Params(maxTokens: 200) with { Messages = [new UserMessageParam { Content = "Tell me something long. [[sim:tokens=60]]" }] };

        var whole = await client.Messages.Create(parameters);
        var text = new StringBuilder();
        var sawStart = false;
        var sawStop = false;
        await foreach (var e in client.Messages.CreateStreaming(parameters))
        {
            sawStart |= e.TryPickStart(out _);
            sawStop |= e.TryPickStop(out _);
            if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta.Text);
            }
        }

        var streamed = await client.Messages.CreateStreaming(parameters).Aggregate();

        Assert.True(sawStart);
        Assert.True(sawStop);
        Assert.True(Assert.Single(whole.Content).TryPickText(out var wholeText));
        Assert.Equal(60, whole.Usage.OutputTokens);
        Assert.Equal(wholeText!.Text, text.ToString());
        Assert.True(Assert.Single(streamed.Content).TryPickText(out var streamedText));
        Assert.Equal(wholeText.Text, streamedText!.Text);
        Assert.Equal(whole.Usage.InputTokens, streamed.Usage.InputTokens);
        Assert.Equal(whole.Usage.OutputTokens, streamed.Usage.OutputTokens);
        Assert.Equal(whole.StopReason!.Value(), streamed.StopReason!.Value());
    }

    [Fact]
    public async Task CountTokens_ThroughTheGateway_ReturnsTheSimulatorsExactCount()
    {
        // A prose factor of 2 makes the simulator's count differ from the built-in heuristic, so only a count the
        // simulator made can match: "Count these words please." is 25 prose characters in 1 message,
        // 25 / 4 * 2 + 3 per message + 1 = 16.5, rounded up to 17 (the heuristic alone gives 11).
        var simulator = new SimulatorOptions { TokenFactors = new TokenFactorOptions { Prose = 2.0 } };
        await using var gateway = await SimulatedGateway.StartAsync(simulatorOptions: simulator);
        var client = Client(gateway);

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "claude-sonnet-4-5",
            Messages = [new UserMessageParam { Content = "Count these words please." }],
        });

        Assert.Equal(17, count.InputTokens);
    }

    [Fact]
    public async Task UnknownClientKey_MapsToUnauthorizedException()
    {
        await using var gateway = await SimulatedGateway.StartAsync(o =>
        {
            o.ListenAddress = "127.0.0.1";
            o.ClientKeys.Add(new ClientKeyOptions { Key = "sg-known-0123456789abcdef", Tenant = "t" });
        });

        var ex = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => Client(gateway, "sg-unknown-0123456789abcdef").Messages.Create(Params()));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task OverQuota_MapsToRateLimitException()
    {
        const string key = "sg-known-0123456789abcdef";
        await using var gateway = await SimulatedGateway.StartAsync(o =>
        {
            o.ListenAddress = "127.0.0.1";
            o.ClientKeys.Add(new ClientKeyOptions { Key = key, Tenant = "t", RequestsPerMinute = 1 });
        });
        var client = Client(gateway, key);
        await client.Messages.Create(Params());

        await Assert.ThrowsAsync<AnthropicRateLimitException>(() => client.Messages.Create(Params()));
    }

    [Fact]
    public async Task BadRequest_MapsToBadRequestException()
    {
        await using var gateway = await SimulatedGateway.StartAsync();

        await Assert.ThrowsAsync<AnthropicBadRequestException>(() => Client(gateway).Messages.Create(Params(maxTokens: 0)));
    }
}
