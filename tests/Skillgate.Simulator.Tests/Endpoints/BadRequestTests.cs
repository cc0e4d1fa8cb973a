using System.Net.Http.Headers;
using System.Text;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class BadRequestTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync(new SimulatorOptions { MaxRequestBodyBytes = 64 * 1024 });

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Post_NoKey_401()
    {
        using var client = SimTestHelpers.Client(_sim, key: null);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi"));

        await SimTestHelpers.AssertErrorAsync(response, 401, "authentication_error", "x-api-key header is required");
    }

    [Fact]
    public async Task Post_UnknownKey_401WithoutEchoingKey()
    {
        using var client = SimTestHelpers.Client(_sim, key: "sk-wrong-secret");

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi"));

        Assert.DoesNotContain("sk-wrong-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await SimTestHelpers.AssertErrorAsync(response, 401, "authentication_error", "invalid x-api-key");
    }

    [Fact]
    public async Task Post_BearerToken_Accepted()
    {
        using var client = SimTestHelpers.Client(_sim, key: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorOptions.DefaultKey);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi"));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", "error parsing the body")]
    [InlineData("""{"model":"claude-x","messages":[{"role":"user","content":"a"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"claude-x","max_tokens":"many","messages":[{"role":"user","content":"a"}]}""", "max_tokens: Input should be a valid integer")]
    [InlineData("""{"model":"claude-x","max_tokens":5,"messages":"hello"}""", "messages: Input should be a valid list")]
    [InlineData("", "empty")]
    public async Task Post_MalformedBody_400NamesProblem(string body, string expected)
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.PostMessageAsync(body);

        await SimTestHelpers.AssertErrorAsync(response, 400, "invalid_request_error", expected);
    }

    [Fact]
    public async Task Post_InvalidUtf8_400()
    {
        using var client = SimTestHelpers.Client(_sim);
        var bytes = Encoding.UTF8.GetBytes(SimTestHelpers.Body("abc"));
        bytes[^10] = 0xC3;
        bytes[^9] = 0x28;
        using var content = new ByteArrayContent(bytes);

        using var response = await client.PostAsync("/v1/messages", content);

        await SimTestHelpers.AssertErrorAsync(response, 400, "invalid_request_error", "UTF-8");
    }

    [Fact]
    public async Task Post_BodyOverLimit_413()
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body(new string('x', 70 * 1024)));

        await SimTestHelpers.AssertErrorAsync(response, 413, "request_too_large", "maximum");
    }

    [Fact]
    public async Task Post_DefaultLimit_32MbAccepted33MbRejected()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var client = SimTestHelpers.Client(sim);
        var under = new byte[32 * 1024 * 1024 - 200];
        Array.Fill(under, (byte)'a');
        var prefix = Encoding.UTF8.GetBytes("""{"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":" """);
        var suffix = Encoding.UTF8.GetBytes("\"}]}");
        prefix.CopyTo(under, 0);
        suffix.CopyTo(under, under.Length - suffix.Length);

        using var accepted = await client.PostAsync("/v1/messages", new ByteArrayContent(under));
        using var rejected = await client.PostAsync("/v1/messages", new ByteArrayContent(new byte[33 * 1024 * 1024]));

        Assert.Equal(200, (int)accepted.StatusCode);
        await SimTestHelpers.AssertErrorAsync(rejected, 413, "request_too_large");
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_413()
    {
        using var client = SimTestHelpers.Client(_sim);
        var payload = Encoding.UTF8.GetBytes(SimTestHelpers.Body(new string('x', 70 * 1024)));
        using var content = new StreamContent(new NonSeekableStream(payload));

        using var response = await client.PostAsync("/v1/messages", content);

        await SimTestHelpers.AssertErrorAsync(response, 413, "request_too_large");
    }

    [Fact]
    public async Task Post_UnknownModel_404WhenStrictOrNotClaude()
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi", model: "gpt-4o"));

        await SimTestHelpers.AssertErrorAsync(response, 404, "not_found_error", "model: gpt-4o");
    }

    [Fact]
    public async Task Get_UnknownPath_404WithRequestId()
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.GetAsync("/v1/nothing-here");

        await SimTestHelpers.AssertErrorAsync(response, 404, "not_found_error");
    }

    [Theory]
    [InlineData("GET", "/v1/messages", "POST")]
    [InlineData("PUT", "/v1/messages", "POST")]
    [InlineData("GET", "/v1/messages/count_tokens", "POST")]
    [InlineData("DELETE", "/v1/models", "GET")]
    [InlineData("POST", "/v1/models/claude-sonnet-4-5", "GET")]
    [InlineData("PATCH", "/v1/messages/batches", "POST, GET")]
    [InlineData("POST", "/v1/messages/batches/msgbatch_01abc", "GET, DELETE")]
    [InlineData("GET", "/v1/messages/batches/msgbatch_01abc/cancel", "POST")]
    [InlineData("DELETE", "/healthz", "GET")]
    public async Task Request_KnownPathWrongMethod_405WithAllowAndRateLimitHeaders(string method, string path, string allow)
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await SimTestHelpers.AssertErrorAsync(response, 405, "invalid_request_error", "Method Not Allowed");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("1000000", response.Headers.GetValues(RateLimitHeaders.RequestsLimit).Single());
    }

    [Theory]
    [InlineData("GET", "/v1/messages/batches/msgbatch_01abc/nothing")]
    [InlineData("POST", "/v1/complete")]
    [InlineData("DELETE", "/v2/models")]
    public async Task Request_UnknownPathAnyMethod_404WithoutAllow(string method, string path)
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await SimTestHelpers.AssertErrorAsync(response, 404, "not_found_error");
        Assert.Empty(response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Post_BadRequests_CountedInStats()
    {
        using var client = SimTestHelpers.Client(_sim);
        _sim.ResetStats();

        using var a = await client.PostMessageAsync("{");
        using var b = await client.PostMessageAsync(SimTestHelpers.Body("fine"));

        var stats = _sim.GetStats();
        Assert.Equal(2, stats.Requests);
        Assert.Equal(1, stats.BadRequests);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
