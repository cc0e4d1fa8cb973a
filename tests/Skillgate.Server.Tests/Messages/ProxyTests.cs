using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Messages;

public sealed class ProxyTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":[{"type":"future_input","z":[1,2]}]}],"unknown_field":{"keep":true}}""";

    private static HttpRequestMessage Post(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "future-beta-2099-01-01");
        request.Headers.Add("x-api-key", "client-key-not-for-upstream");
        return request;
    }

    [Fact]
    public async Task Messages_NonStreaming_ForwardsBytesAndHeadersBothWays()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(fixture.Received);
        Assert.Equal(Body, received.BodyText);
        Assert.Equal("future-beta-2099-01-01", received.Headers["anthropic-beta"]);
        Assert.Equal(GatewayFixture.UpstreamKey, received.Headers["x-api-key"]);
        Assert.Equal(received.RequestId, response.Headers.GetValues("request-id").Single());
        Assert.Equal("999", response.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        using var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("message", message.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Messages_NonStreaming_UnknownContentBlockPassesThrough()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("""{"type":"future_block","x":1}""", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_Streaming_PassesEveryEventThroughIncludingUnknownOnes()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync();
        var body = Body.Replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true", StringComparison.Ordinal);

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("event: future_event\ndata: {\"type\":\"future_event\",\"payload\":\"kept\"}", text, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(text, "event: content_block_delta"));
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_Streaming_SameEventsAsTheUpstreamSent()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"tell me [[sim:tokens=30]]"}]}""";
        var expected = await fixture.PostUpstreamAsync("/v1/messages", body);

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(Events(expected), Events(text));
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_StreamCutUpstream_EndsWithErrorEvent()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi [[sim:fault=cut tokens=40]]"}]}""";

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("event: content_block_delta", text, StringComparison.Ordinal);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event: message_stop", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_Upstream429_ReachesCallerWithRetryAfter()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Upstream.MaxRetries = 0);

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi [[sim:fault=429]]"}]}"""));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error");
        var received = Assert.Single(fixture.Received);
        Assert.Equal(429, received.StatusCode);
        Assert.Equal(received.RequestId, response.Headers.GetValues("request-id").Single());
        Assert.Equal("1", response.Headers.GetValues("retry-after").Single());
    }

    [Fact]
    public async Task CountTokens_Forwards()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        const string body = """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi there, how many tokens is this?"}]}""";
        using var expected = JsonDocument.Parse(await fixture.PostUpstreamAsync("/v1/messages/count_tokens", body));
        fixture.Simulator.ClearRecordedRequests();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages/count_tokens", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected.RootElement.GetProperty("input_tokens").GetInt32(), doc.RootElement.GetProperty("input_tokens").GetInt32());
        Assert.Equal(body, Assert.Single(fixture.Received).BodyText);
    }

    [Theory]
    [InlineData("GET", "/v1/models", "claude-sonnet-4-5")]
    [InlineData("GET", "/v1/models?limit=2", "has_more")]
    [InlineData("GET", "/v1/messages/batches?limit=5", "has_more")]
    public async Task BodylessRoutes_ForwardPathAndQuery(string method, string path, string expected)
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var received = Assert.Single(fixture.Received);
        Assert.Equal(path, received.PathAndQuery);
        Assert.Equal(method, received.Method);
    }

    [Fact]
    public async Task Batches_CreateRetrieveCancelResults_Forwarded()
    {
        await using var fixture = await GatewayFixture.StartAsync(simulator: s => s.BatchRequestMs = 300);
        const string create = """{"requests":[{"custom_id":"a","params":{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}},{"custom_id":"b","params":{}}]}""";

        using var created = await fixture.Client.SendAsync(Post("/v1/messages/batches", create));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.StartsWith("msgbatch_", id, StringComparison.Ordinal);
        using var canceled = await fixture.Client.PostAsync($"/v1/messages/batches/{id}/cancel?beta=true", null);
        Assert.Contains("\"canceling\"", await canceled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = "";
        for (var i = 0; i < 100 && status != "ended"; i++)
        {
            await Task.Delay(50);
            status = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/v1/messages/batches/{id}")).RootElement.GetProperty("processing_status").GetString()!;
        }

        var results = await fixture.Client.GetStringAsync($"/v1/messages/batches/{id}/results");

        Assert.Equal("ended", status);
        Assert.Contains("\"custom_id\":\"a\"", results, StringComparison.Ordinal);
        Assert.Contains("\"custom_id\":\"b\"", results, StringComparison.Ordinal);
        var received = fixture.Received;
        Assert.Equal(create, received[0].BodyText);
        Assert.Equal($"/v1/messages/batches/{id}/cancel?beta=true", received[1].PathAndQuery);
        Assert.Equal("POST", received[1].Method);
        Assert.All(received.Skip(2).SkipLast(1), r => Assert.Equal($"/v1/messages/batches/{id}", r.PathAndQuery));
        Assert.Equal($"/v1/messages/batches/{id}/results", received[^1].PathAndQuery);
    }

    [Fact]
    public async Task UpstreamDown_Returns502ApiError()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        await fixture.StopUpstreamAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", Body));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadGateway, "api_error");
    }

    // The event names and data lines, without ids that differ per request.
    private static string[] Events(string sse) =>
        [.. sse.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal) || l.Contains("_delta", StringComparison.Ordinal))];

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
