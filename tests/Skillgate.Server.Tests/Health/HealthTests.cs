using System.Net;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Health;

[Collection(MetricsCollection.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task Readyz_UpstreamUp_Ready()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"upstream_reachable\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_UpstreamDown_NotReady()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        await fixture.StopUpstreamAsync();

        using var response = await fixture.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"upstream_reachable\":false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ExposesGatewayInstrumentsWithoutSecrets()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        })
        {
            using var proxied = await fixture.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }

        using var bad = await fixture.Client.GetAsync("/v1/nope");
        using var response = await fixture.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("skillgate_gateway_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("skillgate_gateway_overhead_seconds", text, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_token_usage", text, StringComparison.Ordinal);
        Assert.Contains("skillgate_gateway_errors", text, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayFixture.UpstreamKey, text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v1/messages\"", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/v1/{**path}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/v1/nope", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterStream_TokensAndFirstTokenRecorded()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        })
        {
            using var streamed = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The stream's usage is recorded when it closes, just after its last byte reached the caller.
        var text = "";
        for (var i = 0; i < 50 && !text.Contains("gen_ai_token_type=\"output\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(i == 0 ? 0 : 100);
            text = await fixture.Client.GetStringAsync("/metrics");
        }

        var upstream = fixture.Simulator.GetStats();
        Assert.Equal(5, upstream.OutputTokens);

        // Tokens are recorded once (by the transport, with the tenant), so a sum over the series does not double-count.
        foreach (var (type, expected) in new[] { ("input", upstream.InputTokens), ("output", upstream.OutputTokens) })
        {
            var series = text.Split('\n').Where(l => l.StartsWith("gen_ai_client_token_usage_sum{", StringComparison.Ordinal)
                && l.Contains($"gen_ai_token_type=\"{type}\"", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(series);
            Assert.Contains("skillgate_tenant=\"default\"", line, StringComparison.Ordinal);
            Assert.Contains("gen_ai_operation_name=\"chat\"", line, StringComparison.Ordinal);
            Assert.EndsWith($"}} {expected}", line, StringComparison.Ordinal);
        }

        var firstToken = text.Split('\n').Where(l => l.StartsWith("gen_ai_server_time_to_first_token_seconds_count{", StringComparison.Ordinal)
            && l.Contains("skillgate_transport=\"sse\"", StringComparison.Ordinal)).ToList();
        Assert.EndsWith("} 1", Assert.Single(firstToken), StringComparison.Ordinal);
    }
}
