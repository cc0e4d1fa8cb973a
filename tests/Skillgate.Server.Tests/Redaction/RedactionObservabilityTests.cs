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
        JsonSerializer.Serialize(new { model = "echo", max_tokens = 5, stream, messages = new[] { new { role = "user", content = text } } });

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
            $$$"""{"model":"echo","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"to":"{{{Email}}}","k\ud800":"v"}}]}]}"""));
        var metrics = await fixture.Client.GetStringAsync("/metrics");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest), (whole.StatusCode, streamed.StatusCode, refused.StatusCode));
        Assert.Contains(Email, answers, StringComparison.Ordinal);
        Assert.Equal("4", Assert.Single(Sample(metrics, "skillgate_redaction_entities_total", "skillgate_redaction_entity_type=\"EMAIL\"", "skillgate_redaction_mode=\"pseudonymize\"")));
        Assert.Equal("2", Assert.Single(Sample(metrics, "skillgate_redaction_entities_total", "skillgate_redaction_entity_type=\"CREDIT_CARD\"")));
        Assert.Equal("1", Assert.Single(Sample(metrics, "skillgate_redaction_refused_total", "skillgate_redaction_reason=\"invalid_string\"")));
        Assert.Equal("4", Assert.Single(Sample(metrics, "skillgate_redaction_restored_total", "skillgate_redaction_entity_type=\"EMAIL\"")));
        Assert.Equal("2", Assert.Single(Sample(metrics, "skillgate_redaction_duration_seconds_count", "skillgate_redaction_outcome=\"redacted\"")));
        Assert.Contains(logs.Lines, l => l.StartsWith("Debug Skillgate.Redaction.RequestRedactor Request redacted (pseudonymize): 3 entities [CREDIT_CARD=1, EMAIL=2]", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning Skillgate.Redaction.RequestRedactor Request refused (pseudonymize): redaction failed (invalid_string", StringComparison.Ordinal));
        foreach (var text in logs.Lines.Append(metrics))
        {
            Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Card, text, StringComparison.Ordinal);
            Assert.DoesNotContain("jane.doe", text, StringComparison.Ordinal);
        }
    }

    /// <summary>The values of the Prometheus samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static List<string> Sample(string metrics, string name, params string[] labels) =>
        [.. metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => l[(l.LastIndexOf('}') + 2)..].Split(' ')[0])];
}
