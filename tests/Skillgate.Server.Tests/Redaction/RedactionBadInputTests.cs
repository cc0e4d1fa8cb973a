using System.Net;
using System.Text;
using Skillgate.Redaction;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Redaction;

/// <summary>Malformed but JSON-valid requests through a redacting gateway: a 400 (or an untouched pass), never a 5xx, never raw data.</summary>
public sealed class RedactionBadInputTests
{
    private const string Email = "jane.doe@example.com";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Request(string messages) => $$"""{"model":"echo","max_tokens":5,"messages":{{messages}}}""";

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { "redact", Request($$"""[{"role":"user","content":"mail {{Email}} \ud800"}]""") },
        { "pseudonymize", Request($$"""[{"role":"user","content":"mail {{Email}} \ud800\u0041"}]""") },
        { "pseudonymize", Request($$"""[{"role":"user","content":[{"type":"text","text":"\udc00 {{Email}}"}]}]""") },
        { "redact", Request($$"""[{"role":"user","content":"{{Email}}"}],"system":"\ud800x" """) },
        { "pseudonymize", Request($$$"""[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"to":"{{{Email}}}","k\ud800":"v"}}]}]""") },
        { "redact", Request($$"""[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"\ud800 {{Email}}"}]}]""") },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task Post_LoneSurrogateEscape_InvalidRequestAndNothingSent(string mode, string body)
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Redaction.Mode = Enum.Parse<RedactionMode>(mode, ignoreCase: true));

        using var response = await fixture.Client.PostAsync("/v1/messages", Json(body));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("surrogate", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, message, StringComparison.Ordinal);
        Assert.Empty(fixture.Upstream.Requests);
    }
}
