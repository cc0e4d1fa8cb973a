using System.Text;
using System.Text.Json;
using Skillgate.Protocol;

namespace Skillgate.Core.Tests.Protocol;

public sealed class AnthropicErrorTests
{
    [Theory]
    [InlineData(AnthropicErrorTypes.InvalidRequest, 400)]
    [InlineData(AnthropicErrorTypes.Authentication, 401)]
    [InlineData(AnthropicErrorTypes.Permission, 403)]
    [InlineData(AnthropicErrorTypes.NotFound, 404)]
    [InlineData(AnthropicErrorTypes.RequestTooLarge, 413)]
    [InlineData(AnthropicErrorTypes.RateLimit, 429)]
    [InlineData(AnthropicErrorTypes.Api, 500)]
    [InlineData(AnthropicErrorTypes.Timeout, 504)]
    [InlineData(AnthropicErrorTypes.Overloaded, 529)]
    public void StatusMapping_RoundTrips(string type, int status)
    {
        Assert.Equal(status, AnthropicErrorTypes.ToStatusCode(type));
        Assert.Equal(type, AnthropicErrorTypes.FromStatusCode(status));
    }

    [Fact]
    public void FromStatusCode_OtherStatuses_Fallback()
    {
        Assert.Equal(AnthropicErrorTypes.Overloaded, AnthropicErrorTypes.FromStatusCode(503));
        Assert.Equal(AnthropicErrorTypes.InvalidRequest, AnthropicErrorTypes.FromStatusCode(422));
        Assert.Equal(AnthropicErrorTypes.Api, AnthropicErrorTypes.FromStatusCode(502));
    }

    [Fact]
    public void ToResponseBody_AnthropicShape()
    {
        var error = new AnthropicError(AnthropicErrorTypes.RateLimit, "Number of request tokens has exceeded \"limit\"");

        var body = Encoding.UTF8.GetString(error.ToResponseBody("req_123"));

        using var doc = JsonDocument.Parse(body);
        Assert.Equal("error", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(error.Message, doc.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("req_123", doc.RootElement.GetProperty("request_id").GetString());
    }

    [Fact]
    public void Deserialize_ErrorResponse_ReadsFields()
    {
        var response = JsonSerializer.Deserialize("""{"request_id":"r","error":{"message":"m","type":"api_error","extra":1},"type":"error"}""",
            ProtocolJsonContext.Default.ErrorResponse);

        Assert.Equal("api_error", response!.Error!.Type);
        Assert.Equal("r", response.RequestId);
    }

    [Fact]
    public void Deserialize_MessageWithUnknownBlock_KeepsKnownBlocks()
    {
        var message = JsonSerializer.Deserialize("""
            {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[
              {"type":"thinking","thinking":"hmm","signature":"s"},
              {"type":"server_tool_use","id":"x","name":"web_search","input":{}},
              {"text":"hi","type":"text"},
              {"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":5,"output_tokens":6,"cache_creation_input_tokens":2,"cache_read_input_tokens":1,
                      "cache_creation":{"ephemeral_5m_input_tokens":2,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}
            """, ProtocolJsonContext.Default.Message);

        Assert.NotNull(message);
        Assert.Equal(4, message.Content.Count);
        Assert.IsType<ThinkingBlock>(message.Content[0]);
        Assert.Equal(typeof(ContentBlock), message.Content[1].GetType());
        Assert.Equal("hi", Assert.IsType<TextBlock>(message.Content[2]).Text);
        Assert.Equal(1, Assert.IsType<ToolUseBlock>(message.Content[3]).Input.GetProperty("a").GetInt32());
        Assert.Equal(8, message.Usage.TotalInputTokens);
        Assert.Equal(2, message.Usage.CacheCreation!.Ephemeral5mInputTokens);
    }
}
