using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Pipeline;

/// <summary>Client keys as the scheduler sees them: tenants' fair-share weights and their own upstream keys' limits.</summary>
public sealed class TenantSchedulingTests
{
    private const string HeavyKey = "sg-heavy-0123456789";
    private const string LightKey = "sg-light-0123456789";
    private const string WarmKey = "sg-warm-0123456789";
    private const string OwnerKey = "sg-owner-0123456789";

    private static GatewayKeyLimitOptions Rpm(int requestsPerMinute) =>
        new() { RequestsPerMinute = requestsPerMinute, InputTokensPerMinute = 1_000_000, OutputTokensPerMinute = 1_000_000 };

    private static HttpRequestMessage Post(string key, string text, string? deadlineMs = null)
    {
        var body = JsonSerializer.Serialize(new { model = "claude-sonnet-4-5", max_tokens = 5, messages = new[] { new { role = "user", content = text } } });
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        if (deadlineMs is not null)
        {
            request.Headers.Add("skillgate-deadline-ms", deadlineMs);
        }

        return request;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string key, string text, string? deadlineMs = null, CancellationToken cancellationToken = default)
    {
        using var request = Post(key, text, deadlineMs);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task Weight_TwoTenantsFloodingOneKey_AdmittedThreeToOneWhileBothWait()
    {
        // 600 requests per minute: the first 600 go at once (the warm-up spends them), then 10 per second are admitted.
        const int Rpm600 = 600;
        await using var gateway = await SimulatedGateway.StartAsync(
            o =>
            {
                o.Upstream.KeyLimits.Add(Rpm(Rpm600));
                o.ClientKeys.Add(new ClientKeyOptions { Key = HeavyKey, Tenant = "heavy", Weight = 3 });
                o.ClientKeys.Add(new ClientKeyOptions { Key = LightKey, Tenant = "light" });
                o.ClientKeys.Add(new ClientKeyOptions { Key = WarmKey, Tenant = "warm" });
            },
            new SimulatorOptions { Keys = { new SimulatorKeyOptions { Key = "sk-sim-limited", RequestsPerMinute = Rpm600 } } });
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(90) };
        var warm = await Task.WhenAll(Enumerable.Range(0, Rpm600).Select(i => SendAsync(http, WarmKey, $"warm {i}")));
        Assert.All(warm, s => Assert.Equal(HttpStatusCode.OK, s));

        // Requests of about 250 input tokens, near the fair-share quantum (256), so turns interleave finely.
        var text = string.Concat(Enumerable.Repeat("word ", 250));
        using var stop = new CancellationTokenSource();
        var done = new ConcurrentQueue<string>();
        async Task FloodOneAsync(string key, string tenant)
        {
            try
            {
                if (await SendAsync(http, key, text, cancellationToken: stop.Token) == HttpStatusCode.OK)
                {
                    done.Enqueue(tenant);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Still queued when the window closed.
            }
        }

        var flood = Enumerable.Range(0, 60).SelectMany(_ => new[] { FloodOneAsync(HeavyKey, "heavy"), FloodOneAsync(LightKey, "light") }).ToList();

        // Skip the first admissions (made while the flood was still arriving), then count 40 at 10 per second.
        const int Skip = 8, Window = 40;
        var clock = Stopwatch.StartNew();
        while (done.Count < Skip + Window && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        var order = done.ToArray();
        await stop.CancelAsync();
        await Task.WhenAll(flood);

        Assert.True(order.Length >= Skip + Window, $"only {order.Length} admissions in {clock.Elapsed}");
        var window = order.Skip(Skip).Take(Window).ToList();
        var heavy = window.Count(t => t == "heavy");
        var light = window.Count(t => t == "light");
        Assert.True(light > 0 && heavy >= 2.0 * light && heavy <= 4.5 * light, $"heavy {heavy} : light {light} (want about 3:1; 1:1 without weights)");
        Assert.Equal(0, gateway.Simulator.GetStats().RateLimited);
    }

    [Fact]
    public async Task UpstreamKeyLimits_TenantsOwnKey_PacedByItsOwnLimits()
    {
        const int OwnRpm = 20;
        await using var gateway = await SimulatedGateway.StartAsync(
            o =>
            {
                o.Upstream.Keys.Clear();
                o.Upstream.Keys.Add("sk-sim-shared");
                o.Upstream.MaxRetries = 0;
                var owner = new ClientKeyOptions { Key = OwnerKey, Tenant = "owner" };
                owner.UpstreamKeys.Add("sk-sim-own");
                owner.UpstreamKeyLimits.Add(Rpm(OwnRpm));
                o.ClientKeys.Add(owner);
            },
            new SimulatorOptions
            {
                Keys =
                {
                    new SimulatorKeyOptions { Key = "sk-sim-shared" },
                    new SimulatorKeyOptions { Key = "sk-sim-own", RequestsPerMinute = OwnRpm },
                },
            });
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl };

        // Twice the key's minute at once: with the Upstream defaults (4,000 RPM) all 40 would go and 20 meet the upstream's 429.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 2 * OwnRpm).Select(i => SendAsync(http, OwnerKey, $"own {i}", deadlineMs: "1000")));

        var stats = gateway.Simulator.GetStats();
        Assert.Equal(OwnRpm, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(OwnRpm, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(0, stats.RateLimited);
        Assert.Equal(OwnRpm, stats.Keys.Single(k => k.Key == "sk-sim-own").Requests);
        Assert.Equal(0, stats.Keys.Single(k => k.Key == "sk-sim-shared").Requests);
    }
}
