using System.Net;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Server.Auth;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Auth;

public sealed class ClientKeyTests
{
    private const string AliceKey = "sg-alice-0123456789abcdef";

    private static Action<GatewayOptions> WithKeys(int rpm = 0) => options =>
    {
        options.ListenAddress = "127.0.0.1";
        options.ClientKeys.Add(new ClientKeyOptions { Key = AliceKey, Tenant = "alice", Priority = 1, RequestsPerMinute = rpm });
    };

    [Fact]
    public async Task UnknownKey_Returns401AuthenticationError()
    {
        await using var fixture = await GatewayFixture.StartAsync(WithKeys());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("x-api-key", "sg-mallory-0123456789abcdef");

        using var response = await fixture.Client.SendAsync(request);

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
        Assert.DoesNotContain("mallory", message, StringComparison.Ordinal);
        Assert.Empty(fixture.Received);
    }

    [Fact]
    public async Task MissingKey_Returns401()
    {
        await using var fixture = await GatewayFixture.StartAsync(WithKeys());

        using var response = await fixture.Client.GetAsync("/v1/models");

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Theory]
    [InlineData("x-api-key", AliceKey)]
    [InlineData("Authorization", "Bearer " + AliceKey)]
    public async Task KnownKey_IsForwardedWithUpstreamKeyInstead(string header, string value)
    {
        await using var fixture = await GatewayFixture.StartAsync(WithKeys());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(fixture.Received);
        Assert.Equal(GatewayFixture.UpstreamKey, received.Headers["x-api-key"]);
        Assert.False(received.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task HealthEndpoints_NeedNoKey()
    {
        await using var fixture = await GatewayFixture.StartAsync(WithKeys());

        using var response = await fixture.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OverQuota_Returns429WithRetryAfter()
    {
        await using var fixture = await GatewayFixture.StartAsync(WithKeys(rpm: 2));
        HttpResponseMessage Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            request.Headers.Add("x-api-key", AliceKey);
            return fixture.Client.Send(request);
        }

        using var first = Send();
        using var second = Send();
        using var third = Send();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await ErrorAssert.IsAnthropicErrorAsync(third, HttpStatusCode.TooManyRequests, "rate_limit_error");
        Assert.True(third.Headers.Contains("retry-after"));
    }

    [Fact]
    public void Find_ComparesKeysExactly()
    {
        var store = new ClientKeyStore([new ClientKeyOptions { Key = AliceKey, Tenant = "alice" }], TimeProvider.System);

        Assert.Equal("alice", store.Find(AliceKey)!.Name);
        Assert.Null(store.Find(AliceKey + "x"));
        Assert.Null(store.Find(AliceKey[..^1]));
        Assert.Null(store.Find(null));
    }

    [Fact]
    public void TenantQuota_RefillsOverTime()
    {
        var time = new FakeTimeProvider();
        var quota = new TenantQuota(60, time);
        for (var i = 0; i < 60; i++)
        {
            Assert.True(quota.TryAcquire(out _));
        }

        Assert.False(quota.TryAcquire(out var wait));
        Assert.Equal(1, wait.TotalSeconds, 3);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(quota.TryAcquire(out _));
    }
}
