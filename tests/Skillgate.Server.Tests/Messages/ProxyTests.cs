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
        Assert.True(fixture.Upstream.Requests.TryDequeue(out var received));
        Assert.Equal(Body, received.BodyText);
        Assert.Equal("future-beta-2099-01-01", received.Headers["anthropic-beta"]);
        Assert.Equal(FakeAnthropic.Key, received.Headers["x-api-key"]);
        Assert.Equal("req_upstream_1", response.Headers.GetValues("request-id").Single());
        Assert.Equal("99", response.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        Assert.Contains("future_block", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_Streaming_PassesEveryEventThroughIncludingUnknownOnes()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        var body = Body.Replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true", StringComparison.Ordinal);

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("event: future_event\ndata: {\"type\":\"future_event\",\"payload\":\"kept\"}", text, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(text, "event: content_block_delta"));
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_StreamCutUpstream_EndsWithErrorEvent()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        const string body = """{"model":"stream-cut","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", body), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("event: content_block_delta", text, StringComparison.Ordinal);
        Assert.Contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_Upstream429_ReachesCallerWithRetryAfter()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", """{"model":"fail-429","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_error");
        Assert.Equal("7", response.Headers.GetValues("retry-after").Single());
    }

    [Fact]
    public async Task CountTokens_Forwards()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages/count_tokens", """{"model":"m","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(42, doc.RootElement.GetProperty("input_tokens").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/v1/models", "claude-sonnet-4-5")]
    [InlineData("GET", "/v1/messages/batches?limit=5", "has_more")]
    [InlineData("GET", "/v1/messages/batches/msgbatch_9", "msgbatch_9")]
    [InlineData("POST", "/v1/messages/batches/msgbatch_9/cancel", "canceling")]
    [InlineData("GET", "/v1/messages/batches/msgbatch_9/results", "custom_id")]
    public async Task BodylessRoutes_ForwardPathAndQuery(string method, string path, string expected)
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(fixture.Upstream.Requests.TryDequeue(out var received));
        Assert.Equal(path, received.PathAndQuery);
    }

    [Fact]
    public async Task CreateBatch_Forwards()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages/batches", """{"requests":[{"custom_id":"a","params":{}}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("msgbatch_1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamDown_Returns502ApiError()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        await fixture.Upstream.DisposeAsync();

        using var response = await fixture.Client.SendAsync(Post("/v1/messages", Body));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadGateway, "api_error");
    }

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
