using System.Text;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

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
    public async Task CreateStreaming_AggregatesToTheSameShape()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        var client = Client(gateway);

        var text = new StringBuilder();
        var sawStart = false;
        var sawStop = false;
        await foreach (var e in client.Messages.CreateStreaming(Params()))
        {
            sawStart |= e.TryPickStart(out _);
            sawStop |= e.TryPickStop(out _);
            if (e.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta.Text);
            }
        }

        Assert.True(sawStart);
        Assert.True(sawStop);
        Assert.True(text.Length > 0);
    }

    [Fact]
    public async Task CountTokens_ReturnsCount()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        var client = Client(gateway);

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "claude-sonnet-4-5",
            Messages = [new UserMessageParam { Content = "Count these words please." }],
        });

        Assert.True(count.InputTokens > 0);
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
