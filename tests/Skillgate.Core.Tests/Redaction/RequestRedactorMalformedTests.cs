using System.Text;
using System.Text.Json;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

/// <summary>Malformed but JSON-valid requests: a clear invalid_request_error or an untouched pass, never api_error, never raw data.</summary>
public sealed class RequestRedactorMalformedTests
{
    private const string Email = "ana@example.com";

    private static Pseudonymizer CreatePseudonymizer() => new(new RedactionOptions { Key = PseudonymizerTests.TestKey });

    private static RedactionFailedException Refuse(string body, RedactionMode mode = RedactionMode.Pseudonymize)
    {
        var p = CreatePseudonymizer();
        var sent = new List<byte[]>();
        var ex = Assert.Throws<RedactionFailedException>(() => sent.Add(new RequestRedactor(p).RedactRequest(Encoding.UTF8.GetBytes(body), p.CreateVault("c"), mode)));
        Assert.Empty(sent);
        Assert.Equal("invalid_request_error", ex.ErrorType);
        Assert.DoesNotContain(Email, ex.ToString(), StringComparison.Ordinal);
        return ex;
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"mail ana@example.com \ud800"}]}""", "messages.0.content")]
    [InlineData("""{"messages":[{"role":"user","content":"ana@example.com \ud800\u0041"}]}""", "messages.0.content")]
    [InlineData("""{"messages":[{"role":"user","content":"\udc00 ana@example.com"}]}""", "messages.0.content")]
    [InlineData("""{"messages":[{"role":"user","content":"ana@example.com \ud800\ud800"}]}""", "messages.0.content")]
    [InlineData("""{"system":[{"type":"text","text":"ana@example.com \ud800"}],"messages":[]}""", "system.0.text")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"x","k":1},{"type":"text","text":"\ud800 ana@example.com"}]}]}""", "messages.0.content.1.text")]
    [InlineData("""{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":{"to":"ana@example.com","secret\ud800key":"v"}}]}]}""", "messages.0.content.0.input")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"ana@example.com\ud800"}]}]}]}""", "messages.0.content.0.content.0.text")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"document","source":{"type":"text","media_type":"text/plain","data":"\ud800ana@example.com"}}]}]}""", "messages.0.content.0.source.data")]
    [InlineData("""{"messages":[{"role":"user","content":"ana@example.com","x\udfff":1}]}""", "messages.0")]
    public void RedactRequest_LoneSurrogateEscape_InvalidRequestNamingTheField(string body, string field)
    {
        foreach (var mode in new[] { RedactionMode.Redact, RedactionMode.Pseudonymize })
        {
            var ex = Refuse(body, mode);

            Assert.Equal("invalid_string", ex.Reason);
            Assert.StartsWith(field + ":", ex.Message, StringComparison.Ordinal);
            Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RedactRequest_ValidSurrogatePairAndUnwalkedLoneSurrogate_RedactedAndRestPassedAsBytes()
    {
        var p = CreatePseudonymizer();
        var body = """{"tools":[{"name":"t","description":"odd \ud800 text"}],"metadata":{"user_id":"\udc00"},"messages":[{"role":"user","content":"\ud83d\ude00 ana@example.com"}]}""";

        var output = Encoding.UTF8.GetString(new RequestRedactor(p).RedactRequest(Encoding.UTF8.GetBytes(body), p.CreateVault("c")));

        Assert.DoesNotContain(Email, output, StringComparison.Ordinal);
        Assert.Contains("""{"name":"t","description":"odd \ud800 text"}""", output, StringComparison.Ordinal);
        Assert.Contains("""{"user_id":"\udc00"}""", output, StringComparison.Ordinal);
        Assert.StartsWith("\U0001F600 ⟦EMAIL_", JsonDocument.Parse(output).RootElement.GetProperty("messages")[0].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"system":5,"messages":[]}""", "system: Input should be a valid string or a list of content blocks, not a number.")]
    [InlineData("""{"system":{"text":"ana@example.com"},"messages":[]}""", "system: Input should be a valid string or a list of content blocks, not a dictionary.")]
    [InlineData("""{"messages":{"0":{"role":"user","content":"ana@example.com"}}}""", "messages: Input should be a valid list, not a dictionary.")]
    [InlineData("""{"messages":["ana@example.com"]}""", "messages.0: Input should be a valid dictionary, not a string.")]
    [InlineData("""{"messages":[{"role":"user","content":{"text":"ana@example.com"}}]}""", "messages.0.content: Input should be a valid string or a list of content blocks, not a dictionary.")]
    [InlineData("""{"messages":[{"role":"user","content":4111111111111111}]}""", "messages.0.content: Input should be a valid string or a list of content blocks, not a number.")]
    [InlineData("""{"messages":[{"role":"user","content":["ana@example.com"]}]}""", "messages.0.content.0: Input should be a valid dictionary, not a string.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"ana@example.com"}]}]}""", "messages.0.content.0.type: Field required.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":7,"text":"ana@example.com"}]}]}""", "messages.0.content.0.type: Input should be a valid string, not a number.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":["ana@example.com"]}]}]}""", "messages.0.content.0.text: Input should be a valid string, not a list.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":true}]}]}""", "messages.0.content.0.text: Input should be a valid string, not a boolean.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":{"text":"ana@example.com"}}]}]}""", "messages.0.content.0.content: Input should be a valid string or a list of content blocks, not a dictionary.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"document","source":"ana@example.com"}]}]}""", "messages.0.content.0.source: Input should be a valid dictionary, not a string.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"document","source":{"type":5,"data":"ana@example.com"}}]}]}""", "messages.0.content.0.source.type: Input should be a valid string, not a number.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"document","source":{"type":"text","data":{"d":"ana@example.com"}}}]}]}""", "messages.0.content.0.source.data: Input should be a valid string, not a dictionary.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"document","title":12,"source":{"type":"text","data":"x"}}]}]}""", "messages.0.content.0.title: Input should be a valid string, not a number.")]
    public void RedactRequest_WrongTypeInAContentField_InvalidRequestNamingTheField(string body, string message)
    {
        var ex = Refuse(body);

        Assert.Equal("wrong_type", ex.Reason);
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("""{"system":null,"messages":[{"role":"user","content":null},{"role":"user","content":[null,{"type":"text","text":null}]}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":null},{"type":"document","title":null,"source":null}]}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"future_block","payload":{"x":[1,{"y":"\ud800"}]}}]}],"x_new":{"a":"\udc00"}}""")]
    public void RedactRequest_NullsAndUnknownShapes_PassedThroughUntouched(string body)
    {
        var p = CreatePseudonymizer();
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(bytes, new RequestRedactor(p).RedactRequest(bytes, p.CreateVault("c")));
    }

    [Fact]
    public void RedactRequest_ToolInputOfAnyShape_EveryStringRedacted()
    {
        var p = CreatePseudonymizer();
        var body = """{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"n","input":"ana@example.com"},{"type":"tool_use","id":"b","name":"n","input":[["ana@example.com"],{"k":"ana@example.com"}]}]}]}""";

        var output = Encoding.UTF8.GetString(new RequestRedactor(p).RedactRequest(Encoding.UTF8.GetBytes(body), p.CreateVault("c")));

        Assert.DoesNotContain(Email, output, StringComparison.Ordinal);
        Assert.Equal(3, output.Split("⟦EMAIL_").Length - 1);
    }

    [Fact]
    public void RedactRequest_DeeplyNestedToolInput_RedactedUpToMaxDepthRefusedBeyond()
    {
        var p = CreatePseudonymizer();
        static string Nested(int depth) =>
            """{"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"n","input":"""
            + string.Concat(Enumerable.Repeat("{\"k\":", depth)) + "\"ana@example.com\"" + new string('}', depth) + "}]}]}";
        var fits = Nested(RequestRedactor.MaxDepth - 6);

        var output = Encoding.UTF8.GetString(new RequestRedactor(p).RedactRequest(Encoding.UTF8.GetBytes(fits), p.CreateVault("c")));
        var ex = Refuse(Nested(RequestRedactor.MaxDepth + 10));

        Assert.DoesNotContain(Email, output, StringComparison.Ordinal);
        Assert.Contains("⟦EMAIL_", output, StringComparison.Ordinal);
        Assert.Equal("too_deep", ex.Reason);
        Assert.Equal($"The request body nests deeper than {RequestRedactor.MaxDepth} levels.", ex.Message);
    }

    [Theory]
    [InlineData("{\"messages\": [", "invalid_json")]
    [InlineData("{\"messages\": []} trailing", "invalid_json")]
    [InlineData("[1, 2]", "invalid_json")]
    [InlineData("{\"messages\": [{\"content\": \"ana@example.com\" \"x\": 1}]}", "invalid_json")]
    public void RedactRequest_NotJson_InvalidRequestWithPositionNotContent(string body, string reason)
    {
        var ex = Refuse(body);

        Assert.Equal(reason, ex.Reason);
        Assert.StartsWith("The request body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactRequest_HugeString_RedactedWithoutLoss()
    {
        var p = CreatePseudonymizer();
        var filler = new StringBuilder();
        while (filler.Length < 8_000_000)
        {
            filler.Append("Some ordinary prose, 第 42 条 with numbers 2024-05-01 and v1.2.3. ");
        }

        var text = filler + Email + " " + filler;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { messages = new[] { new { role = "user", content = text } } });

        var output = new RequestRedactor(p).RedactRequest(body, p.CreateVault("c"));

        var content = JsonDocument.Parse(output).RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.Equal(text.Length - Email.Length + "⟦EMAIL_123456⟧".Length, content.Length);
        Assert.DoesNotContain(Email, content, StringComparison.Ordinal);
    }
}
