using System.Text;
using System.Text.Json;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class RequestRedactorTests
{
    private static readonly string[] RawValues =
    [
        "sys@example.com", "13800138000", "110101199003074514", "4111 1111 1111 1111", "192.168.1.20",
        "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "DE89370400440532013000", "tool@example.com", "+44 7911 123456",
        "doc@example.com", "inner@example.com", "search@example.com", "title@example.com",
    ];

    private const string Request = """
        {
          "model": "claude-sonnet-4-5", "max_tokens": 1024, "stream": true, "x_unknown": {"email": "keep@example.com"},
          "system": "You serve sys@example.com.",
          "tools": [{"name": "send", "description": "mail keep2@example.com", "input_schema": {"type": "object"}}],
          "messages": [
            {"role": "user", "content": "my phone is 13800138000 and id 110101199003074514"},
            {"role": "assistant", "content": [
              {"type": "thinking", "thinking": "card 4111 1111 1111 1111", "signature": "sig=="},
              {"type": "text", "text": "noted"},
              {"type": "tool_use", "id": "t1", "name": "pay", "input": {"card": "4111 1111 1111 1111", "meta": {"ips": ["192.168.1.20"], "n": 3}}}
            ]},
            {"role": "user", "content": [
              {"type": "tool_result", "tool_use_id": "t1", "content": "ok, token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"},
              {"type": "tool_result", "tool_use_id": "t2", "content": [{"type": "text", "text": "IBAN DE89370400440532013000 mail tool@example.com"}]},
              {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
              {"type": "document", "title": "from title@example.com", "source": {"type": "text", "media_type": "text/plain", "data": "call +44 7911 123456 or doc@example.com"}},
              {"type": "document", "source": {"type": "content", "content": [{"type": "text", "text": "inner@example.com"}]}},
              {"type": "search_result", "source": "https://example.com", "title": "t", "content": [{"type": "text", "text": "search@example.com"}]},
              {"type": "text", "text": "thanks", "cache_control": {"type": "ephemeral"}}
            ]}
          ]
        }
        """;

    private static Pseudonymizer CreatePseudonymizer(RedactionOptions? options = null)
    {
        options ??= new RedactionOptions();
        options.Key = PseudonymizerTests.TestKey;
        return new Pseudonymizer(options);
    }

    [Fact]
    public void RedactRequest_EveryContentLocation_NoRawValueLeaves()
    {
        var p = CreatePseudonymizer();
        var vault = p.CreateVault("c");

        var output = Encoding.UTF8.GetString(new RequestRedactor(p).RedactRequest(Encoding.UTF8.GetBytes(Request), vault));

        using var doc = JsonDocument.Parse(output);
        var thinking = doc.RootElement.GetProperty("messages")[1].GetProperty("content")[0];
        foreach (var raw in RawValues)
        {
            var occurrences = output.Split(raw).Length - 1;
            Assert.True(occurrences == (raw == "4111 1111 1111 1111" ? 1 : 0), $"{raw} left {occurrences} times");
        }

        Assert.Equal("card 4111 1111 1111 1111", thinking.GetProperty("thinking").GetString());
        Assert.Contains("keep@example.com", output, StringComparison.Ordinal);
        Assert.Contains("keep2@example.com", output, StringComparison.Ordinal);
        Assert.Contains("iVBORw0KGgo=", output, StringComparison.Ordinal);
        Assert.Equal(1024, doc.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal("ephemeral", doc.RootElement.GetProperty("messages")[2].GetProperty("content")[6].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("messages")[1].GetProperty("content")[2].GetProperty("input").GetProperty("meta").GetProperty("n").GetInt32());
        Assert.Equal(RawValues.Length, vault.Count);
    }

    [Fact]
    public void RedactRequest_SystemBlocks_Redacted()
    {
        var p = CreatePseudonymizer();
        var body = """{"system":[{"type":"text","text":"ops: 10.0.0.8"}],"messages":[]}"""u8;

        var output = Encoding.UTF8.GetString(new RequestRedactor(p).RedactRequest(body, p.CreateVault("c")));

        Assert.DoesNotContain("10.0.0.8", output, StringComparison.Ordinal);
        Assert.Contains("⟦IP_ADDRESS_", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactRequest_ThrowingCustomRecognizer_FailsClosedWithoutRawContent()
    {
        var options = new RedactionOptions();
        options.CustomRecognizers.Add(new CustomRecognizerOptions
        {
            Type = "EMPLOYEE_ID",
            Pattern = @"\bE\d{6}\b",
            ValidatorFunc = v => throw new InvalidOperationException("validator crashed on " + v),
        });
        var p = CreatePseudonymizer(options);
        var sent = new List<byte[]>();
        var body = """{"messages":[{"role":"user","content":"employee E123456, mail ana@example.com"}]}"""u8.ToArray();

        var ex = Assert.Throws<RedactionFailedException>(() => sent.Add(new RequestRedactor(p).RedactRequest(body, p.CreateVault("c"))));

        Assert.Empty(sent);
        Assert.Equal("api_error", ex.ErrorType);
        Assert.Null(ex.InnerException);
        Assert.DoesNotContain("E123456", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ana@example.com", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RedactRequest_CatastrophicCustomPattern_TimesOutAndFailsClosed()
    {
        var options = new RedactionOptions { CustomPatternTimeout = TimeSpan.FromMilliseconds(20) };
        options.CustomRecognizers.Add(new CustomRecognizerOptions { Type = "SLOW", Pattern = "^(a+)+$" });
        var p = CreatePseudonymizer(options);
        var body = Encoding.UTF8.GetBytes($$"""{"messages":[{"role":"user","content":"{{new string('a', 5000)}}!"}]}""");

        Assert.Throws<RedactionFailedException>(() => new RequestRedactor(p).RedactRequest(body, p.CreateVault("c")));
    }

    [Theory]
    [InlineData("{\"messages\": [")]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    public void RedactRequest_Malformed_InvalidRequestError(string body)
    {
        var p = CreatePseudonymizer();

        var ex = Assert.Throws<RedactionFailedException>(() => new RequestRedactor(p).RedactRequest(Encoding.UTF8.GetBytes(body), p.CreateVault("c")));

        Assert.Equal("invalid_request_error", ex.ErrorType);
    }

    [Fact]
    public void RedactRequest_NothingFoundOrOff_ReturnsSameBytes()
    {
        var p = CreatePseudonymizer();
        var body = """{"model":"m","messages":[{"role":"user","content":"hello \u00e9"}]}"""u8.ToArray();
        var sensitive = """{"messages":[{"role":"user","content":"ana@example.com"}]}"""u8.ToArray();

        Assert.Equal(body, new RequestRedactor(p).RedactRequest(body, p.CreateVault("c")));
        Assert.Equal(sensitive, new RequestRedactor(p).RedactRequest(sensitive, p.CreateVault("c"), RedactionMode.Off));
    }

    [Fact]
    public void RestoreResponse_TextAndToolUseInput_Restored()
    {
        var p = CreatePseudonymizer();
        var vault = p.CreateVault("c");
        var email = p.Redact("ana@example.com", vault);
        var phone = p.Redact("13800138000", vault);
        var response = Encoding.UTF8.GetBytes($$"""
            {"id":"msg_1","content":[{"type":"text","text":"I will mail {{email}}."},
             {"type":"tool_use","id":"t","name":"call","input":{"number":"{{phone}}","retries":2} } ],"usage":{"input_tokens":5} }
            """);

        using var doc = JsonDocument.Parse(new RequestRedactor(p).RestoreResponse(response, vault));

        Assert.Equal("I will mail ana@example.com.", doc.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("13800138000", doc.RootElement.GetProperty("content")[1].GetProperty("input").GetProperty("number").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("content")[1].GetProperty("input").GetProperty("retries").GetInt32());
    }
}
