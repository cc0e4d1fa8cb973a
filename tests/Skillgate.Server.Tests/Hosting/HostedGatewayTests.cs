using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Hosting;

/// <summary>The gateway inside someone else's ASP.NET Core application, as samples/HostedGateway hosts it.</summary>
public sealed class HostedGatewayTests
{
    private const string Hello = "hello from the host";

    [Fact]
    public async Task MapSkillgateGateway_InPlainApp_ServesAppRouteAndMessages()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1 });
        await using var app = BuildApp(new Dictionary<string, string?>
        {
            ["Skillgate:Upstream:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Skillgate:Upstream:Keys:0"] = simulator.Keys[0],
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Equal(Hello, await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":32,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("request-id"));
    }

    [Fact]
    public async Task MapSkillgateGateway_InPlainApp_LeavesTheAppsOtherPathsAlone()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1 });
        await using var app = BuildApp(new Dictionary<string, string?>
        {
            ["Skillgate:Upstream:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Skillgate:Upstream:Keys:0"] = simulator.Keys[0],
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var appMiss = await client.GetAsync(new Uri("/not-the-gateway", UriKind.Relative));
        using var gatewayMiss = await client.GetAsync(new Uri("/v1/not-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, appMiss.StatusCode);
        Assert.False(appMiss.Headers.Contains("request-id"));
        Assert.Empty(await appMiss.Content.ReadAsStringAsync());
        await ErrorAssert.IsAnthropicErrorAsync(gatewayMiss, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task MapAndStart_BadConfiguration_FailsNamingTheKeys()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Skillgate:Upstream:Keys:0"] = "sk-sim-default",
            ["Skillgate:Scheduler:MaxQueueLength"] = "-1",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = BuildApp(settings);
            await app.StartAsync();
        });

        Assert.Contains("Skillgate:Upstream:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:Scheduler:MaxQueueLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapSkillgateGateway_WithoutUseSkillgateGateway_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Skillgate:Upstream:BaseUrl"] = "http://127.0.0.1:1" });
        builder.Services.AddSkillgateGateway(builder.Configuration);
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSkillgateGateway());

        Assert.Contains("UseSkillgateGateway", error.Message, StringComparison.Ordinal);
    }

    private static WebApplication BuildApp(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSkillgateGateway(builder.Configuration);

        var app = builder.Build();
        app.MapGet("/", () => Hello);
        app.UseSkillgateGateway();
        app.MapSkillgateGateway();
        return app;
    }
}
