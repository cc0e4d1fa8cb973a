using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Redaction;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.WebSockets;

namespace Skillgate.Server.Tests.Redaction;

/// <summary>
/// Malformed but JSON-valid requests through a redacting gateway (real Kestrel): a 400 invalid_request_error naming the
/// field, or an untouched pass when the shape is one the redactor does not walk — never a 5xx, never raw data upstream.
/// </summary>
public sealed class RedactionBadInputTests
{
    private const string Email = "jane.doe@example.com";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Request(string messages, string extra = "") => $$"""{"model":"claude-sonnet-4-5","max_tokens":5{{extra}},"messages":{{messages}}}""";

    private static Task<GatewayFixture> StartAsync(string mode) =>
        GatewayFixture.StartAsync(o => o.Redaction.Mode = Enum.Parse<RedactionMode>(mode, ignoreCase: true));

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { "redact", Request($$"""[{"role":"user","content":"mail {{Email}} \ud800"}]""") },
        { "pseudonymize", Request($$"""[{"role":"user","content":"mail {{Email}} \ud800\u0041"}]""") },
        { "pseudonymize", Request($$"""[{"role":"user","content":[{"type":"text","text":"\udc00 {{Email}}"}]}]""") },
        { "redact", Request($$"""[{"role":"user","content":"{{Email}}"}]""", extra: ""","system":"\ud800x" """) },
        { "pseudonymize", Request($$$"""[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"to":"{{{Email}}}","k\ud800":"v"}}]}]""") },
        { "redact", Request($$$"""[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"\ud800 {{{Email}}}"}]}]}]""") },
    };

    public static TheoryData<string, string> WrongTypes => new()
    {
        { Request($$$"""[{"role":"user","content":[{"type":"text","text":{"t":"{{{Email}}}"}}]}]"""), "messages.0.content.0.text: Input should be a valid string, not a dictionary." },
        { Request($$$"""[{"role":"user","content":[{"type":"document","source":{"type":5,"data":"{{{Email}}}"}}]}]"""), "messages.0.content.0.source.type: Input should be a valid string, not a number." },
        { Request($$$"""[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":{"text":"{{{Email}}}"}}]}]"""), "messages.0.content.0.content: Input should be a valid string or a list of content blocks, not a dictionary." },
        { Request($$$"""[{"role":"user","content":[{"text":"{{{Email}}}"}]}]"""), "messages.0.content.0.type: Field required." },
        { Request("""[{"role":"user","content":"hi"}]""", extra: $$$""","system":{"text":"{{{Email}}}"}"""), "system: Input should be a valid string or a list of text blocks" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task Post_LoneSurrogateEscape_InvalidRequestAndNothingSent(string mode, string body)
    {
        await using var fixture = await StartAsync(mode);

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(body));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("surrogate", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, message, StringComparison.Ordinal);
        Assert.Empty(fixture.Received);
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Post_WrongTypeInAContentField_InvalidRequestNamingTheFieldAndNothingSent(string body, string expected)
    {
        await using var fixture = await StartAsync("pseudonymize");

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(body));

        Assert.StartsWith(expected, await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error"), StringComparison.Ordinal);
        Assert.Empty(fixture.Received);
    }

    [Fact]
    public async Task CountTokensAndWebSocket_LoneSurrogateInToolInputKey_InvalidRequestAndNothingSent()
    {
        await using var fixture = await StartAsync("redact");
        var body = Request($$$"""[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"to":"{{{Email}}}","k\udfff":"v"}}]}]""");
        await using var socket = await SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress));

        using var counted = await fixture.Client.PostAsync("/v1/messages/count_tokens", Json(body));
        var streamed = await Assert.ThrowsAsync<GatewayStreamException>(async () =>
        {
            await foreach (var e in socket.StreamAsync(Encoding.UTF8.GetBytes(body)))
            {
                Assert.Fail($"unexpected event {e.EventType}");
            }
        });

        Assert.Contains("surrogate", await ErrorAssert.IsAnthropicErrorAsync(counted, HttpStatusCode.BadRequest, "invalid_request_error"), StringComparison.Ordinal);
        Assert.Equal((400, "invalid_request_error"), (streamed.Status, streamed.ErrorType));
        Assert.Empty(fixture.Received);
    }

    [Theory]
    [InlineData("/v1/messages", 50)]
    [InlineData("/v1/messages/count_tokens", 400)]
    public async Task Post_DeeplyNestedToolInputAndHugeString_RedactedAndForwarded(string path, int depth)
    {
        // Unscheduled: millions of tokens are more than any key's per-minute limit, which is not what this test is
        // about. The fake upstream parses /v1/messages bodies only 64 levels deep; count_tokens takes the deep one.
        await using var fixture = await GatewayFixture.StartAsync(o =>
        {
            o.Redaction.Mode = RedactionMode.Redact;
            o.Scheduler.Enabled = false;
        });
        var nested = string.Concat(Enumerable.Repeat("{\"k\":", depth)) + $"\"{Email}\"" + new string('}', depth);
        var huge = new StringBuilder();
        while (huge.Length < 4_000_000)
        {
            huge.Append("Plain text 第 7 段, order 2024-0042, version 1.2.3. ");
        }

        var content = JsonSerializer.Serialize($"{huge} {Email} {huge}");
        var body = Request($$"""[{"role":"user","content":{{content}}},{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{{nested}}}]}]""");

        using var response = await fixture.Client.PostAsync(path, Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var sent = Assert.Single(fixture.Received).BodyText;
        Assert.DoesNotContain(Email, sent, StringComparison.Ordinal);
        Assert.Equal(2, sent.Split("⟦EMAIL_").Length - 1);
    }

    [Fact]
    public async Task Post_LoneSurrogateOutsideContent_ForwardedAsSentForTheApiToJudge()
    {
        await using var fixture = await StartAsync("pseudonymize");
        var body = Request($$"""[{"role":"user","content":"mail {{Email}}"}]""", extra: ""","x_future":{"note":"u\udc00"}""");

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(fixture.Received).BodyText;
        Assert.DoesNotContain(Email, sent, StringComparison.Ordinal);
        Assert.Contains("""{"note":"u\udc00"}""", sent, StringComparison.Ordinal);
    }
}
