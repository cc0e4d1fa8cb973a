using System.Text;
using CsCheck;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class ModelRewriterTests
{
    private static string Rewrite(string body, string model) => Encoding.UTF8.GetString(ModelRewriter.Rewrite(Encoding.UTF8.GetBytes(body), model).Span);

    [Fact]
    public void Rewrite_TopLevelModel_OnlyThatValueChanges()
    {
        const string Body = "{ \"messages\":[{\"role\":\"user\",\"content\":\"use \\\"model\\\": x\",\"model\":\"inner\"}],\n  \"model\" : \"claude-opus-4\", \"max_tokens\":5}";
        Assert.Equal(Body.Replace("\"claude-opus-4\"", "\"claude-haiku-4\"", StringComparison.Ordinal), Rewrite(Body, "claude-haiku-4"));
    }

    [Fact]
    public void Rewrite_EscapedValue_ReplacedWhole()
    {
        Assert.Equal("{\"model\":\"b\",\"x\":1}", Rewrite("{\"model\":\"a\\u0041\\\"\",\"x\":1}", "b"));
    }

    [Theory]
    [InlineData("{\"max_tokens\":1}")]
    [InlineData("{\"model\":42}")]
    [InlineData("not json")]
    public void Rewrite_NothingToReplace_BodyUnchanged(string body) => Assert.Equal(body, Rewrite(body, "m"));

    [Fact]
    public void Rewrite_AnyModelName_ValidJsonWithThatModel() =>
        Gen.String.Sample(model =>
        {
            var rewritten = Rewrite("{\"model\":\"a\",\"stream\":true}", model);
            using var document = System.Text.Json.JsonDocument.Parse(rewritten);
            return document.RootElement.GetProperty("model").GetString() == model && document.RootElement.GetProperty("stream").GetBoolean();
        });
}
