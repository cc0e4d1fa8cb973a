using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Dashboard;

public sealed class AdminAccessTests
{
    private const string AdminKey = "sg-admin-0123456789abcdef";
    private const string ClientKey = "sg-client-team-a-4f1e";

    [Fact]
    public async Task Dashboard_LoopbackCaller_ServesPageAndAssets()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };

        using var page = await client.GetAsync("/dashboard");
        using var script = await client.GetAsync("/dashboard/dashboard.js");
        using var style = await client.GetAsync("/dashboard/dashboard.css");
        using var missing = await client.GetAsync("/dashboard/nope.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("dashboard/dashboard.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Events_LoopbackCaller_StreamsFramesWithKeyIdsNeverKeyValues()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        var upstreamKey = gateway.Simulator.Keys[0];

        var frame = await DashboardEvents.FirstFrameAsync(client);

        Assert.Contains("\"fingerprint\":", frame, StringComparison.Ordinal);
        Assert.Contains("key-0", frame, StringComparison.Ordinal);
        Assert.DoesNotContain(upstreamKey, frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_NobodyWatching_NoTimerAndNoListener()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        var hub = (Skillgate.Server.Dashboard.DashboardHub)gateway.Gateway.Services.GetService(typeof(Skillgate.Server.Dashboard.DashboardHub))!;

        Assert.Equal(0, hub.Watchers);
        _ = await DashboardEvents.FirstFrameAsync(client);

        // The page closed: the hub lets its watcher go (the server notices the closed connection on its next write).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.Watchers > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, hub.Watchers);
    }

    [Fact]
    public async Task Dashboard_NonLoopbackWithoutKey_401WithBasicChallenge()
    {
        await using var gateway = await StartBeyondLoopbackAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };

        using var page = await client.GetAsync("/dashboard");
        using var events = await client.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        using var wrong = await SendAsync(client, "/dashboard", r => r.Headers.Add("x-api-key", "sg-admin-0123456789abcdeX"));

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal("Basic", page.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("authentication_error", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Dashboard_NonLoopbackWithClientKey_403()
    {
        await using var gateway = await StartBeyondLoopbackAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };

        using var page = await SendAsync(client, "/dashboard", r => r.Headers.Add("x-api-key", ClientKey));
        using var metrics = await SendAsync(client, "/metrics", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClientKey));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("permission_error", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
    }

    [Theory]
    [InlineData("x-api-key")]
    [InlineData("bearer")]
    [InlineData("basic")]
    public async Task Dashboard_NonLoopbackWithAdminKey_Served(string scheme)
    {
        await using var gateway = await StartBeyondLoopbackAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };

        using var page = await SendAsync(client, "/dashboard", r => Present(r, scheme, AdminKey));
        using var events = await SendAsync(client, "/dashboard/events", r => Present(r, scheme, AdminKey), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Metrics_NonLoopbackWithClientKeysConfigured_NeedsAdminKey()
    {
        await using var gateway = await StartBeyondLoopbackAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };

        using var anonymous = await client.GetAsync("/metrics");
        using var admin = await SendAsync(client, "/metrics", r => Present(r, "bearer", AdminKey));
        using var api = await SendAsync(client, "/v1/models", r => r.Headers.Add("x-api-key", ClientKey));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("team-a", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Metrics_LoopbackCallerOfAGatewayOnEveryInterface_ServedWithoutKey()
    {
        await using var gateway = await SimulatedGateway.StartAsync(options =>
        {
            options.ListenAddress = "0.0.0.0";
            options.ClientKeys.Add(new ClientKeyOptions { Key = ClientKey, Tenant = "team-a" });
            options.AdminKeys.Add(AdminKey);
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.BaseUrl.Port}/") };

        using var metrics = await client.GetAsync("/metrics");
        using var page = await client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task AdminKeys_SameAsClientKeyOrShort_StartFailsNamingTheKey()
    {
        var options = new GatewayOptions { Port = 0 };
        options.Upstream.BaseUrl = new Uri("http://127.0.0.1:1");
        options.Upstream.Keys.Add("sk-upstream-key-0");
        options.ClientKeys.Add(new ClientKeyOptions { Key = ClientKey, Tenant = "team-a" });
        options.AdminKeys.Add(ClientKey + "-longer-but-fine");
        options.AdminKeys.Add(ClientKey);
        options.AdminKeys.Add("short");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(options));

        Assert.Contains("Skillgate:AdminKeys:1 is also a client key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:AdminKeys:2 must be at least 16 characters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AdminKeys:0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientKey + "\"", error.Message, StringComparison.Ordinal);
    }

    private static Task<SimulatedGateway> StartBeyondLoopbackAsync() => SimulatedGateway.StartAsync(options =>
    {
        options.ListenAddress = MachineAddress.Find().ToString();
        options.ClientKeys.Add(new ClientKeyOptions { Key = ClientKey, Tenant = "team-a" });
        options.AdminKeys.Add(AdminKey);
    });

    private static void Present(HttpRequestMessage request, string scheme, string key)
    {
        switch (scheme)
        {
            case "x-api-key":
                request.Headers.Add("x-api-key", key);
                break;
            case "bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + key)));
                break;
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, Action<HttpRequestMessage> configure, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure(request);
        return await client.SendAsync(request, completion);
    }
}
