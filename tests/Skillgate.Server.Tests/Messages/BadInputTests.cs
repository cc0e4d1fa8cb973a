using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Messages;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("{\"model\":", "error parsing the body")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("", "empty")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":\"100\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens: Input should be a valid integer")]
    [InlineData("{\"model\":3,\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model: Input should be a valid string")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":1,\"messages\":\"hi\"}", "messages")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}", "stream: Input should be a valid boolean")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens: Field required")]
    [InlineData("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model: Field required")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":1}", "messages: Field required")]
    [InlineData("{\"model\":\"\\ud800\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "lone surrogate")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens")]
    public async Task Messages_BadBody_Returns400NamingTheProblem(string body, string expected)
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(fixture.Received);
    }

    [Fact]
    public async Task Messages_InvalidUtf8_Returns400()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        byte[] body = [.. "{\"model\":\"m"u8, 0xFF, 0xFE, .. "\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await fixture.Client.PostAsync("/v1/messages", content);

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_BodyOver32MB_Returns413()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new ByteArrayContent(new byte[(32 * 1024 * 1024) + 1]) };
        request.Headers.ExpectContinue = true;

        using var response = await fixture.Client.SendAsync(request);

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task Messages_ChunkedBodyOverLimit_Returns413()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.MaxRequestBodyBytes = 1024);
        using var content = new StreamContent(new MemoryStream(new byte[4096]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await fixture.Client.SendAsync(request);

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }
}
