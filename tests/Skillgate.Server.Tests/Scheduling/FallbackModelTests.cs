using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Scheduling;

/// <summary>The degradation ladder and fallback models configured in <c>skillgate.json</c>, against the simulator.</summary>
public sealed class FallbackModelTests
{
    private const string Primary = "claude-sonnet-4-5";
    private const string Fallback = "claude-haiku-4-5";

    // The gateway's buckets allow 2 requests a minute per model; the simulator's key 3 in all, so the one request
    // that goes out on the fallback model is not refused upstream.
    private static string Config(string ladder) => $$$"""
        {"Skillgate": {
          "Upstream": {"RequestsPerMinute": 2},
          "Scheduler": {
            "FallbackModels": {"{{{Primary}}}": "{{{Fallback}}}"},
            "DegradationLadder": {{{ladder}}}
          }
        }}
        """;

    private static Task<GatewayFixture> StartAsync(string ladder) => GatewayFixture.StartAsync(
        o => GatewaySchedulerJson.Bind(o, Config(ladder)),
        simulator: s => s.Keys[0].RequestsPerMinute = 3);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string text, string? deadlineMs = null)
    {
        var body = JsonSerializer.Serialize(new { model = Primary, max_tokens = 5, messages = new[] { new { role = "user", content = text } } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (deadlineMs is not null)
        {
            request.Headers.Add("skillgate-deadline-ms", deadlineMs);
        }

        return await client.SendAsync(request);
    }

    private static async Task SpendPrimaryAsync(GatewayFixture fixture)
    {
        for (var i = 0; i < 2; i++)
        {
            using var spent = await PostAsync(fixture.Client, $"spend {i}");
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }
    }

    [Fact]
    public async Task Messages_PrimaryCannotMeetDeadline_FallbackModelTakesOver()
    {
        await using var fixture = await StartAsync("""["Queue", "FallbackModel", "Shed"]""");
        await SpendPrimaryAsync(fixture);

        using var response = await PostAsync(fixture.Client, "in a hurry", deadlineMs: "2000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Fallback, answer.GetProperty("model").GetString());
        var models = fixture.Received.Select(r => JsonDocument.Parse(r.BodyText).RootElement.GetProperty("model").GetString()).ToList();
        Assert.Equal([Primary, Primary, Fallback], models);
    }

    [Fact]
    public async Task Messages_LadderWithoutFallback_Sheds429WithRetryAfter()
    {
        await using var fixture = await StartAsync("""["Queue", "Shed"]""");
        await SpendPrimaryAsync(fixture);

        var clock = Stopwatch.StartNew();
        using var response = await PostAsync(fixture.Client, "in a hurry", deadlineMs: "2000");
        clock.Stop();

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "no retry-after");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"answered after {clock.Elapsed}, not at once");
        Assert.Equal(2, fixture.Received.Count);
    }

    [Fact]
    public async Task StartAsync_BadLadderInJson_FailsNamingTheKeyPath()
    {
        var options = GatewaySchedulerJson.Bound(Config("""["Shed"]"""));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(options));

        Assert.Contains(error.Failures, f => f.StartsWith("Skillgate:Scheduler:DegradationLadder must contain Queue", StringComparison.Ordinal));
    }
}
