using System.Text;
using Skillgate.Protocol;

namespace Skillgate.Core.Tests.Protocol;

public sealed class MessageRequestParserTests
{
    private static (MessageRequestInfo? Info, AnthropicError? Error) Parse(string json, bool requireMaxTokens = true)
    {
        MessageRequestParser.TryParse(Encoding.UTF8.GetBytes(json), requireMaxTokens, out var info, out var error);
        return (info, error);
    }

    [Fact]
    public void TryParse_ValidRequest_ReadsEssentials()
    {
        var (info, error) = Parse("""
            {"model":"claude-sonnet-4-5","max_tokens":256,"stream":true,"unknown":{"a":[1,2]},
             "metadata":{"user_id":"u-1"},"system":"Be brief.",
             "messages":[{"role":"user","content":"Hello there"},{"role":"assistant","content":[{"type":"text","text":"Hi"}]},
                         {"role":"user","content":[{"type":"text","text":"Again [[sim:fault=529]]"}]}]}
            """);

        Assert.Null(error);
        Assert.NotNull(info);
        Assert.Equal("claude-sonnet-4-5", info.Model);
        Assert.Equal(256, info.MaxTokens);
        Assert.True(info.Stream);
        Assert.Equal("u-1", info.UserId);
        Assert.Equal(3, info.MessageCount);
        Assert.True(info.EstimatedInputTokens > 0);
    }

    [Fact]
    public void TryParse_LastMessageFromUser_RangeCoversThatMessage()
    {
        var json = """{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"first"},{"role":"user","content":"second [[x]]"}]}""";
        var (info, _) = Parse(json);

        Assert.NotNull(info);
        var bytes = Encoding.UTF8.GetBytes(json);
        var last = Encoding.UTF8.GetString(bytes, info.LastUserMessageOffset, info.LastUserMessageLength);
        Assert.Equal("""{"role":"user","content":"second [[x]]"}""", last);
    }

    [Fact]
    public void TryParse_LastMessageFromAssistant_NoUserRange()
    {
        var (info, _) = Parse("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}""");

        Assert.Equal(-1, info!.LastUserMessageOffset);
    }

    [Theory]
    [InlineData("""{"max_tokens":1,"messages":[{"role":"user","content":"a"}]}""", "model: Field required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"m","max_tokens":1}""", "messages: Field required")]
    [InlineData("""{"model":3,"max_tokens":1,"messages":[]}""", "model: Input should be a valid string")]
    [InlineData("""{"model":"m","max_tokens":"10","messages":[]}""", "max_tokens: Input should be a valid integer")]
    [InlineData("""{"model":"m","max_tokens":1.5,"messages":[]}""", "max_tokens: Input should be a valid integer")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[]}""", "max_tokens: Input should be greater than or equal to 1")]
    [InlineData("""{"model":"m","max_tokens":1,"stream":"yes","messages":[]}""", "stream: Input should be a valid boolean")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":{}}""", "messages: Input should be a valid list")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[]}""", "messages: List should have at least 1 item")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"robot","content":"a"}]}""", "messages.0.role: Input should be 'user', 'assistant' or 'system'")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user"}]}""", "messages.0.content: Field required")]
    [InlineData("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"a"},{"content":"b"}]}""", "messages.1.role: Field required")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"model":"m",""", "error parsing the body")]
    [InlineData("""{"model":'m'}""", "error parsing the body")]
    [InlineData("", "empty")]
    public void TryParse_BadRequest_ErrorNamesProblem(string json, string expected)
    {
        var (info, error) = Parse(json);

        Assert.Null(info);
        Assert.NotNull(error);
        Assert.Equal(AnthropicErrorTypes.InvalidRequest, error.Type);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidUtf8_InvalidRequest()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"ab"}]}""");
        bytes[^6] = 0xFF;

        var ok = MessageRequestParser.TryParse(bytes, true, out _, out var error);

        Assert.False(ok);
        Assert.Contains("UTF-8", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_CountTokensWithoutMaxTokens_Succeeds()
    {
        var (info, error) = Parse("""{"model":"m","messages":[{"role":"user","content":"a"}]}""", requireMaxTokens: false);

        Assert.Null(error);
        Assert.Equal(0, info!.MaxTokens);
    }

    [Fact]
    public void TryParse_Tools_ReadsFirstToolAndChoice()
    {
        var (info, _) = Parse("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"weather?"}],
             "tools":[{"name":"get_weather","description":"d","input_schema":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}}}},
                      {"name":"other","input_schema":{"type":"object"}}],
             "tool_choice":{"type":"tool","name":"get_weather"}}
            """);

        Assert.Equal(2, info!.ToolCount);
        Assert.Equal("get_weather", info.FirstToolName);
        Assert.Equal(["city", "unit"], info.FirstToolProperties);
        Assert.Equal("tool", info.ToolChoiceType);
        Assert.Equal("get_weather", info.ToolChoiceName);
        Assert.True(info.Text.CodeChars > 100);
    }

    [Fact]
    public void TryParse_ScriptsAreCountedApart()
    {
        var (info, _) = Parse("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"text","text":"你好世界，今天天气很好"},
              {"type":"text","text":"The quick brown fox jumps over the lazy dog."},
              {"type":"text","text":"if (x == 1) { return f(y); }\nvar z = new[] { 1, 2 };"},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"QUJDRA=="}}]}]}
            """);

        var text = info!.Text;
        Assert.Equal(11, text.CjkChars);
        Assert.Equal(44, text.ProseChars);
        Assert.True(text.CodeChars >= 50);
        Assert.Equal(8, text.MediaBytes);
    }

    [Fact]
    public void TryParse_EscapedText_CountsUnescapedCharacters()
    {
        var (info, _) = Parse("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a\"b\u4f60"}]}""");

        Assert.Equal(3, info!.Text.ProseChars);
        Assert.Equal(1, info.Text.CjkChars);
    }

    [Fact]
    public void EstimateTokens_FactorScalesItsScriptOnly()
    {
        var stats = new TextStats(ProseChars: 4000, CjkChars: 1000, CodeChars: 0, MediaBytes: 0, Blocks: 0);

        var baseline = stats.EstimateTokens();
        var cjkDoubled = stats.EstimateTokens(cjkFactor: 2.0);

        Assert.Equal(1000 + 800 + 1, baseline);
        Assert.Equal(baseline + 800, cjkDoubled);
    }
}
