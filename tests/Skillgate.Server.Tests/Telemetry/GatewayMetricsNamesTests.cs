using System.Net;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Telemetry;

/// <summary>What a new user sees in <c>/metrics</c>: GenAI names and attributes, tokens once, the service's name.</summary>
[Collection(MetricsCollection.Name)]
public sealed class GatewayMetricsNamesTests
{
    [Fact]
    public async Task OneCall_TokenUsageAppearsOnce_WithGenAiLabels()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"hi [[sim:tokens=7]]"}]}""";
        using var answered = await fixture.Client.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        var metrics = await fixture.Client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var counts = metrics.Split('\n').Where(l => l.StartsWith("gen_ai_client_token_usage_count{", StringComparison.Ordinal) || l.StartsWith("gen_ai_client_token_usage_tokens_count{", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, counts.Count);
        Assert.Single(counts, l => l.Contains("gen_ai_token_type=\"input\"", StringComparison.Ordinal));
        var output = Assert.Single(counts, l => l.Contains("gen_ai_token_type=\"output\"", StringComparison.Ordinal));
        Assert.EndsWith(" 1", output.Split(' ')[0] + " " + output.Split(' ')[1], StringComparison.Ordinal);
        Assert.All(counts, l =>
        {
            Assert.Contains("gen_ai_operation_name=\"chat\"", l, StringComparison.Ordinal);
            Assert.Contains("gen_ai_provider_name=\"anthropic\"", l, StringComparison.Ordinal);
            Assert.Contains("server_address=\"127.0.0.1\"", l, StringComparison.Ordinal);
            Assert.Contains("skillgate_upstream=\"gateway\"", l, StringComparison.Ordinal);
            Assert.Contains("skillgate_tenant=", l, StringComparison.Ordinal);
        });
        Assert.Contains("gen_ai_client_operation_duration_seconds_count{", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_service", metrics, StringComparison.Ordinal);
    }
}
