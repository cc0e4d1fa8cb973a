using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Redaction;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Pipeline;

/// <summary>POST /v1/messages through redaction, the scheduler and the transport, against the simulator.</summary>
public sealed class PipelineTests
{
    private const string Email = "jane.doe@example.com";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Body(string text, int maxTokens = 5, bool stream = false) =>
        JsonSerializer.Serialize(new { model = "claude-sonnet-4-5", max_tokens = maxTokens, stream, messages = new[] { new { role = "user", content = text } } });

    // The simulator answers with the text it received (placeholders included), in 4-character tokens split across deltas.
    private static string Echo(string text, bool stream = false) => Body(text + " [[sim:echo]]", maxTokens: 200, stream: stream);

    private static SimulatorOptions LimitedSimulator(int requestsPerMinute) =>
        new() { Keys = { new SimulatorKeyOptions { Key = "sk-sim-limited", RequestsPerMinute = requestsPerMinute } } };

    private static void LimitKeys(GatewayOptions options, int requestsPerMinute)
    {
        options.Upstream.KeyLimits.Add(new GatewayKeyLimitOptions
        {
            RequestsPerMinute = requestsPerMinute,
            InputTokensPerMinute = 1_000_000,
            OutputTokensPerMinute = 1_000_000,
        });
    }

    [Fact]
    public async Task Storm_300ConcurrentAgainstSmallRpm_NoFailuresAndAtMostOnePercentUpstream429s()
    {
        // 270 requests per minute: 270 go at once, the other 30 are paced at 4.5 per second (about 7 s).
        await using var gateway = await SimulatedGateway.StartAsync(o => LimitKeys(o, 270), LimitedSimulator(270));
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(90) };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await http.PostAsync("/v1/messages", Json(Body($"storm {i}")));
            return (int)response.StatusCode;
        }));

        var stats = gateway.Simulator.GetStats();
        Assert.Equal(300, statuses.Count(s => s == 200));
        Assert.True(stats.RateLimited <= 3, $"{stats.RateLimited} upstream 429s for 300 requests");
    }

    [Fact]
    public async Task Deadline_ShortWhileKeyIsSpent_429WithRetryAfterAtOnce()
    {
        await using var gateway = await SimulatedGateway.StartAsync(o => LimitKeys(o, 20), LimitedSimulator(20));
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl };
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var spent = await http.PostAsync("/v1/messages", Json(Body($"spend {i}")));
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json(Body("in a hurry")) };
        request.Headers.Add("skillgate-deadline-ms", "200");
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        clock.Stop();

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "no retry-after");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"answered after {clock.Elapsed}, not at once");
        Assert.Equal(0, gateway.Simulator.GetStats().RateLimited);
    }

    [Fact]
    public async Task Redaction_Pseudonymize_EmailNeverLeavesAndAnswerIsRestored()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Redaction.Mode = RedactionMode.Pseudonymize);
        var prompt = $"Please write to {Email} today.";

        using var whole = await fixture.Client.PostAsync("/v1/messages", Json(Echo(prompt)));
        using var streamed = await fixture.Client.PostAsync("/v1/messages", Json(Echo(prompt, stream: true)));
        var answer = JsonDocument.Parse(await whole.Content.ReadAsStringAsync()).RootElement.GetProperty("content")[0].GetProperty("text").GetString();
        var events = await streamed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(prompt, answer);
        Assert.Equal(prompt, StreamedText(events));
        var received = fixture.Received;
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.DoesNotContain(Email, r.BodyText, StringComparison.Ordinal));
        Assert.All(received, r => Assert.Contains("EMAIL_", r.BodyText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redaction_WebSocketStream_EmailNeverLeavesAndEventsAreRestored()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Redaction.Mode = RedactionMode.Pseudonymize);
        await using var client = await Skillgate.WebSockets.SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress));
        var prompt = $"Call {Email} now.";

        var text = new StringBuilder();
        await foreach (var e in client.StreamAsync(Encoding.UTF8.GetBytes(Echo(prompt, stream: true))))
        {
            if (e.EventType == "content_block_delta")
            {
                text.Append(JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetProperty("text").GetString());
            }
        }

        Assert.Equal(prompt, text.ToString());
        Assert.DoesNotContain(Email, Assert.Single(fixture.Received).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduling_OffForTenant_RequestGoesStraightUpstream()
    {
        await using var gateway = await SimulatedGateway.StartAsync(
            o =>
            {
                LimitKeys(o, 20);
                o.Upstream.MaxRetries = 0;
                o.ClientKeys.Add(new ClientKeyOptions { Key = "sg-paced-0123456789", Tenant = "paced" });
                o.ClientKeys.Add(new ClientKeyOptions { Key = "sg-direct-0123456789", Tenant = "direct", Scheduling = false });
            },
            LimitedSimulator(20));
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl };
        async Task<HttpResponseMessage> PostAsync(string key, string text, string? deadlineMs = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json(Body(text)) };
            request.Headers.Add("x-api-key", key);
            if (deadlineMs is not null)
            {
                request.Headers.Add("skillgate-deadline-ms", deadlineMs);
            }

            return await http.SendAsync(request);
        }

        for (var i = 0; i < 20; i++)
        {
            using var spent = await PostAsync("sg-paced-0123456789", $"spend {i}");
            Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        }

        using var paced = await PostAsync("sg-paced-0123456789", "paced", deadlineMs: "100");
        using var direct = await PostAsync("sg-direct-0123456789", "direct");

        Assert.Equal(HttpStatusCode.TooManyRequests, paced.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, direct.StatusCode);
        Assert.Equal(1, gateway.Simulator.GetStats().RateLimited);
    }

    [Fact]
    public async Task Redaction_Off_BytesPassUntouched()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Redaction.Mode = RedactionMode.Off);
        var body = Echo($"Please write to {Email} today.");

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(fixture.Received).BodyText);
        Assert.Contains($"Please write to {Email} today.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redaction_TenantOverride_RedactsOnlyThatTenant()
    {
        await using var fixture = await GatewayFixture.StartAsync(o =>
        {
            o.Redaction.Mode = RedactionMode.Off;
            o.ClientKeys.Add(new ClientKeyOptions { Key = "sg-plain-0123456789", Tenant = "plain" });
            o.ClientKeys.Add(new ClientKeyOptions { Key = "sg-careful-0123456789", Tenant = "careful", Redaction = RedactionMode.Redact });
        });
        foreach (var key in new[] { "sg-plain-0123456789", "sg-careful-0123456789" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json(Echo($"mail {Email}")) };
            request.Headers.Add("x-api-key", key);
            using var response = await fixture.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var sent = fixture.Received;
        Assert.Equal(2, sent.Count);
        Assert.Contains(Email, sent[0].BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, sent[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redaction_RecognizerThrows_RefusedAndNothingSent()
    {
        await using var fixture = await GatewayFixture.StartAsync(o =>
        {
            o.Redaction.Mode = RedactionMode.Pseudonymize;
            o.Redaction.CustomRecognizers.Add(new CustomRecognizerOptions
            {
                Type = "TICKET",
                Pattern = "TCK-[0-9]+",
                ValidatorFunc = _ => throw new InvalidOperationException("validator bug"),
            });
        });

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(Echo($"TCK-123 from {Email}")));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.InternalServerError, "api_error");
        Assert.Empty(fixture.Received);
    }

    [Fact]
    public async Task Metrics_ExportSchedulerQueueAndKeyHeadroom()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var answered = await fixture.Client.PostAsync("/v1/messages", Json(Body("hi")));

        var metrics = await fixture.Client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("skillgate_scheduler_queue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("skillgate_scheduler_key_headroom", metrics, StringComparison.Ordinal);
        Assert.Contains("skillgate_scheduler_admissions", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RateLimitHeaders_ReachTheCaller(bool stream)
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(Body("hi", stream: stream)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("999", response.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        Assert.Equal(Assert.Single(fixture.Received).RequestId, response.Headers.GetValues("request-id").Single());
    }

    [Fact]
    public async Task RateLimitHeaders_OnUpstream429_ReachTheCaller()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Upstream.MaxRetries = 0);

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(Body("hi [[sim:fault=429]]")));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error");
        Assert.Equal("999", response.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        var received = Assert.Single(fixture.Received);
        Assert.Equal(429, received.StatusCode);
        Assert.Equal(received.RequestId, response.Headers.GetValues("request-id").Single());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    private static string StreamedText(string events)
    {
        var text = new StringBuilder();
        foreach (var line in events.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"text_delta\"", StringComparison.Ordinal))
            {
                text.Append(JsonDocument.Parse(line[6..]).RootElement.GetProperty("delta").GetProperty("text").GetString());
            }
        }

        return text.ToString();
    }
}
