using System.Text;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class ConversationKeysTests
{
    [Fact]
    public void FromFirstMessage_LaterTurnsOfTheSameConversation_SameId()
    {
        const string First = """{"role":"user","content":"Hi, I am anna@example.com"}""";
        var turn1 = Encoding.UTF8.GetBytes($$"""{"model":"m","system":"Be brief.","messages":[{{First}}],"max_tokens":5}""");
        var turn2 = Encoding.UTF8.GetBytes($$"""{"max_tokens":9,"messages":[{{First}},{"role":"assistant","content":"Hello"},{"role":"user","content":"More"}],"system":"Be brief.","model":"m"}""");

        var id = ConversationKeys.FromFirstMessage(turn1);

        Assert.NotNull(id);
        Assert.StartsWith("auto-", id, StringComparison.Ordinal);
        Assert.Equal(id, ConversationKeys.FromFirstMessage(turn2));
    }

    [Theory]
    [InlineData("""{"system":"Other.","messages":[{"role":"user","content":"Hi, I am anna@example.com"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi, I am bob@example.com"}]}""")]
    public void FromFirstMessage_OtherStart_OtherId(string other)
    {
        var id = ConversationKeys.FromFirstMessage("""{"messages":[{"role":"user","content":"Hi, I am anna@example.com"}]}"""u8);

        Assert.NotEqual(id, ConversationKeys.FromFirstMessage(Encoding.UTF8.GetBytes(other)));
    }

    [Theory]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"messages":[{"role":""")]
    public void FromFirstMessage_NoFirstMessage_Null(string body) =>
        Assert.Null(ConversationKeys.FromFirstMessage(Encoding.UTF8.GetBytes(body)));
}
