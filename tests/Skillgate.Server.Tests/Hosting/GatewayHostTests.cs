using System.Globalization;
using System.Net;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Hosting;

public sealed class GatewayHostTests
{
    [Fact]
    public async Task StartAsync_NoClientKeys_ListensOnLoopback()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        Assert.Equal("127.0.0.1", fixture.Gateway.BaseAddress.Host);
        Assert.NotEqual(0, fixture.Gateway.BaseAddress.Port);
    }

    [Fact]
    public async Task UnknownRoute_Returns404NotFoundError()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/v1/nothing-here");

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task WrongMethod_Returns405InAnthropicShape()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/v1/messages");

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.MethodNotAllowed, "invalid_request_error");
    }

    [Fact]
    public async Task Healthz_Answers200WithRequestId()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_sg_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxiedResponse_CarriesOverheadHeader()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/v1/models");

        var overhead = double.Parse(response.Headers.GetValues("skillgate-overhead-ms").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(overhead, 0, 10_000);
    }
}
