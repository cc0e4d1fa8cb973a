using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.Redaction;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Redaction;

/// <summary>The redaction layer's metrics reach the gateway's /metrics, and neither they nor the logs hold a raw value.</summary>
public sealed class RedactionObservabilityTests
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Body(string text, bool stream = false) =>
        JsonSerializer.Serialize(new { model = "claude-sonnet-4-5", max_tokens = 200, stream, messages = new[] { new { role = "user", content = text + " [[sim:echo]]" } } });

    [Fact]
    public async Task Metrics_AfterRedactedRestoredAndRefusedRequests_CountedWithoutRawValues()
    {
        var logs = new CapturingLoggerProvider();
        await using var fixture = await GatewayFixture.StartAsync(
            o => o.Redaction.Mode = RedactionMode.Pseudonymize,
            services => services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var prompt = $"Mail {Email} about card {Card}, and {Email} again.";

        using var whole = await fixture.Client.PostAsync("/v1/messages", Json(Body(prompt)));
        using var streamed = await fixture.Client.PostAsync("/v1/messages", Json(Body(prompt, stream: true)));
        var answers = await whole.Content.ReadAsStringAsync() + await streamed.Content.ReadAsStringAsync();
        using var refused = await fixture.Client.PostAsync("/v1/messages", Json(
            $$$"""{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"to":"{{{Email}}}","k\ud800":"v"}}]}]}"""));
        var metrics = await fixture.Client.GetStringAsync("/metrics");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest), (whole.StatusCode, streamed.StatusCode, refused.StatusCode));
        Assert.Contains(Email, answers, StringComparison.Ordinal);
        AtLeast(4, Sample(metrics, "skillgate_redaction_entities_total", "skillgate_redaction_entity_type=\"EMAIL\"", "skillgate_redaction_mode=\"pseudonymize\""));
        AtLeast(2, Sample(metrics, "skillgate_redaction_entities_total", "skillgate_redaction_entity_type=\"CREDIT_CARD\""));
        AtLeast(1, Sample(metrics, "skillgate_redaction_refused_total", "skillgate_redaction_reason=\"invalid_string\""));
        AtLeast(4, Sample(metrics, "skillgate_redaction_restored_total", "skillgate_redaction_entity_type=\"EMAIL\""));
        AtLeast(2, Sample(metrics, "skillgate_redaction_duration_seconds_count", "skillgate_redaction_outcome=\"redacted\""));
        Assert.Contains(logs.Lines, l => l.StartsWith("Debug Skillgate.Redaction.RequestRedactor Request redacted (pseudonymize): 3 entities [CREDIT_CARD=1, EMAIL=2]", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning Skillgate.Redaction.RequestRedactor Request refused (pseudonymize): redaction failed (invalid_string", StringComparison.Ordinal));
        foreach (var text in logs.Lines.Append(metrics))
        {
            Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Card, text, StringComparison.Ordinal);
            Assert.DoesNotContain("jane.doe", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_VaultThatDoesNotOpen_RefusedAsApiErrorOverHttpAndWebSocketAndCounted()
    {
        await using var fixture = await GatewayFixture.StartAsync(
            o => o.Redaction.Mode = RedactionMode.Pseudonymize,
            services => services.AddSingleton(sp =>
            {
                var options = new RedactionOptions { Mode = RedactionMode.Pseudonymize };
                return new Pseudonymizer(options, new EntityRecognizer(options), new TamperedStore(), sp.GetService<IMeterFactory>());
            }));
        var body = Encoding.UTF8.GetBytes(Body($"Mail {Email}", stream: true));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("skillgate-conversation-id", "c1");
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        using var response = await fixture.Client.SendAsync(request);
        await socket.SendAsync($$"""{"type":"request","id":"r1","headers":{"skillgate-conversation-id":"c1"},"body":{{Encoding.UTF8.GetString(body)}}}""");
        var streamed = await socket.ReceiveUntilAsync("error");
        var metrics = await fixture.Client.GetStringAsync("/metrics");

        Assert.Contains("vault", await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.InternalServerError, "api_error"), StringComparison.Ordinal);
        Assert.Equal((500, "api_error"), (streamed.GetProperty("status").GetInt32(), streamed.GetProperty("error").GetProperty("type").GetString()));
        Assert.Empty(fixture.Received);
        AtLeast(2, Sample(metrics, "skillgate_redaction_refused_total", "skillgate_redaction_reason=\"vault\""));
    }

    /// <summary>
    /// OpenTelemetry listens to every meter of that name in the process, so gateways of tests running in parallel add
    /// to the same series: exact counts are pinned by the Core tests (MetricCollector on one factory), here a floor.
    /// </summary>
    private static void AtLeast(long expected, List<string> values)
    {
        Assert.NotEmpty(values);
        Assert.True(values.Exists(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) >= expected), $"expected a sample >= {expected}, got {string.Join(", ", values)}");
    }

    /// <summary>The values of the Prometheus samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static List<string> Sample(string metrics, string name, params string[] labels) =>
        [.. metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => l[(l.LastIndexOf('}') + 2)..].Split(' ')[0])];

    private sealed class TamperedStore : IPseudonymVaultStore
    {
        public ValueTask<byte[]?> LoadAsync(string conversationId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<byte[]?>(new byte[64]);

        public ValueTask SaveAsync(string conversationId, byte[] sealedVault, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
