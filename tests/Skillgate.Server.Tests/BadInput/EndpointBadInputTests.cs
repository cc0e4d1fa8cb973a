using System.Net;
using System.Text;
using Skillgate.Redaction;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.BadInput;

/// <summary>The other Anthropic-compatible routes, unknown routes and methods, junk query strings and headers.</summary>
public sealed class EndpointBadInputTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private const string ValidMessages = """{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""";

    [Theory]
    [InlineData("v1/messages/count_tokens", "", 400, "empty")]
    [InlineData("v1/messages/count_tokens", "{}", 400, "model: Field required")]
    [InlineData("v1/messages/count_tokens", "{\"model\":\"m\"}", 400, "messages: Field required")]
    [InlineData("v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":5}", 400, "messages")]
    [InlineData("v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":[5]}", 400, "messages.0")]
    [InlineData("v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}", 400, "role")]
    [InlineData("v1/messages/count_tokens", "{\"model\":\"\\ud800\",\"messages\":[]}", 400, "lone surrogate")]
    [InlineData("v1/messages/batches", "", 400, "empty")]
    [InlineData("v1/messages/batches", "[]", 400, "must be a JSON object")]
    [InlineData("v1/messages/batches", "{}", 400, "requests: Field required")]
    [InlineData("v1/messages/batches", "{\"requests\":5}", 400, "requests: expected an array")]
    [InlineData("v1/messages/batches", "{\"requests\":[]}", 400, "requests")]
    [InlineData("v1/messages/batches", "{\"requests\":[5]}", 400, "requests.0")]
    [InlineData("v1/messages/batches", "{\"requests\":[{\"custom_id\":5,\"params\":{}}]}", 400, "requests.0")]
    [InlineData("v1/messages/batches", "{\"requests\":[{}]}", 400, "requests.0")]
    [InlineData("v1/messages/batches", "{\"requests\":[{\"custom_id\":\"\\udfff\"}]}", 400, "lone surrogate")]
    public async Task Post_MalformedBody_400InvalidRequest(string path, string body, int status, string expected)
    {
        using var response = await shared.Client.PostAsync(path, SharedGateway.Json(body));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, (HttpStatusCode)status, "invalid_request_error");
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_InvalidUtf8ToCountTokensAndBatches_400()
    {
        foreach (var path in new[] { "v1/messages/count_tokens", "v1/messages/batches" })
        {
            byte[] body = [.. "{\"model\":\"a"u8, 0xFF, .. "\",\"messages\":[],\"requests\":[]}"u8];
            using var response = await shared.Client.PostAsync(path, SharedGateway.Bytes(body));

            var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
            Assert.Contains("UTF-8", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("GET", "v1/messages/batches/msgbatch_nope")]
    [InlineData("GET", "v1/messages/batches/msgbatch_nope/results")]
    [InlineData("POST", "v1/messages/batches/msgbatch_nope/cancel")]
    [InlineData("DELETE", "v1/messages/batches/msgbatch_nope")]
    [InlineData("GET", "v1/messages/batches/%ff%fe%2F..")]
    [InlineData("GET", "v1/models/claude-nope-9")]
    [InlineData("GET", "v1/models/%E4%B8%AD%20%22%3Cx%3E")]
    public async Task Get_UnknownIds_404NotFound(string method, string path)
    {
        using var response = await shared.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task Get_VeryLongModelId_404()
    {
        using var response = await shared.Client.GetAsync("v1/models/" + new string('m', 6000));

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    [Theory]
    [InlineData("GET", "v1/nothing", 404, "not_found_error")]
    [InlineData("POST", "v2/messages", 404, "not_found_error")]
    [InlineData("GET", "v1/conversations/conv_x/messages/extra", 404, "not_found_error")]
    [InlineData("GET", "nothing", 404, "not_found_error")]
    [InlineData("PUT", "v1/messages", 405, "invalid_request_error")]
    [InlineData("GET", "v1/messages", 405, "invalid_request_error")]
    [InlineData("PATCH", "v1/conversations", 405, "invalid_request_error")]
    [InlineData("PUT", "v1/conversations/conv_x", 405, "invalid_request_error")]
    [InlineData("GET", "v1/conversations/conv_x/messages", 405, "invalid_request_error")]
    [InlineData("DELETE", "v1/conversations/conv_x/documents", 405, "invalid_request_error")]
    [InlineData("POST", "v1/models", 405, "invalid_request_error")]
    [InlineData("PUT", "v1/messages/count_tokens", 405, "invalid_request_error")]
    public async Task UnknownRouteOrMethod_AnthropicShaped(string method, string path, int status, string type)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = SharedGateway.Json("{}");
        }

        using var response = await shared.Client.SendAsync(request);

        await ErrorAssert.IsAnthropicErrorAsync(response, (HttpStatusCode)status, type);
    }

    [Theory]
    [InlineData("anthropic-version", "")]
    [InlineData("anthropic-version", "1999-01-01")]
    [InlineData("anthropic-version", "not a date; \"quoted\"")]
    [InlineData("anthropic-beta", "nope,,,  ,unknown-2099")]
    [InlineData("skillgate-conversation-id", "../../etc/passwd")]
    [InlineData("skillgate-deadline-ms", "60000")]
    [InlineData("x-junk", "\u0001\u0002")]
    public async Task Messages_OddHeaders_NotA5xx(string name, string value)
    {
        using var response = await shared.PostAsync("v1/messages", SharedGateway.Json(ValidMessages), h => h.TryAddWithoutValidation(name, value));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        Assert.True(response.Headers.Contains("request-id"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("0x10")]
    public async Task Messages_JunkDeadline_400NamingTheHeader(string value)
    {
        using var response = await shared.PostAsync("v1/messages", SharedGateway.Json(ValidMessages), h => h.TryAddWithoutValidation("skillgate-deadline-ms", value));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("skillgate-deadline-ms", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_HugeHeader_RefusedByKestrelAndServerStaysHealthy()
    {
        // Over Kestrel's 32 KB header limit the server answers 431 before any middleware runs (no body to shape).
        using var huge = await shared.PostAsync("v1/messages", SharedGateway.Json(ValidMessages), h => h.TryAddWithoutValidation("x-junk", new string('j', 40_000)));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, huge.StatusCode);

        using var large = await shared.PostAsync("v1/messages", SharedGateway.Json(ValidMessages), h => h.TryAddWithoutValidation("skillgate-conversation-id", new string('c', 20_000)));
        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        using var ok = await shared.PostAsync("v1/messages?x=%ff%00&&&=&" + new string('q', 4000), SharedGateway.Json(ValidMessages));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Messages_PseudonymizeWithJunkConversationIds_NeverA5xx()
    {
        await using var gateway = await SimulatedGateway.StartAsync(o => o.Redaction.Mode = RedactionMode.Pseudonymize);
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 };
        using var client = new HttpClient(handler) { BaseAddress = gateway.BaseUrl };
        foreach (var id in new[] { "", " ", "../../x", new string('c', 8000), "%00", "a:b:c", "\u00e9t\u00e9" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
            {
                Content = new StringContent("""{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"mail ada@example.com"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("skillgate-conversation-id", id);
            using var response = await client.SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"id '{id[..Math.Min(20, id.Length)]}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Requests_JunkClientKeys_401EverywhereNeverA5xx()
    {
        await using var gateway = await SimulatedGateway.StartAsync(o =>
        {
            o.ListenAddress = "127.0.0.1";
            o.ClientKeys.Add(new Skillgate.Server.Hosting.ClientKeyOptions { Key = "sg-real-key-000000001", Tenant = "t" });
        });
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        var presented = new (string Header, string Value)[]
        {
            ("x-api-key", ""), ("x-api-key", " "), ("x-api-key", new string('k', 16_000)),
("authorization", "Bearer "), ("authorization", "Bearer"), ("authorization", "Basic c2c6cmVhbA=="),
            ("authorization", "bearer sg-real-key-00000000"), ("x-junk", "no key at all"),
        };
        foreach (var (header, value) in presented)
        {
            foreach (var (method, path) in new[] { ("POST", "v1/messages"), ("GET", "v1/conversations"), ("POST", "v1/conversations/conv_x/messages"), ("GET", "v1/models/x") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                {
                    request.Content = new StringContent(ValidMessages, Encoding.UTF8, "application/json");
                }

                request.Headers.TryAddWithoutValidation(header, value);
                using var response = await client.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{header}: {value[..Math.Min(30, value.Length)]} on {method} {path}: {(int)response.StatusCode}");
                var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
                Assert.DoesNotContain("sg-real-key", message, StringComparison.Ordinal);
            }
        }
    }
}
