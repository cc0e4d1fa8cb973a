using System.Text;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class ConversationIdTests
{
    private static readonly Pseudonymizer Pseudonymizer = new(new RedactionOptions());

    [Fact]
    public void ConversationIdOf_LaterTurnsOfTheSameConversation_SameId()
    {
        const string First = """{"role":"user","content":"Hi, I am anna@example.com"}""";
        var turn1 = Encoding.UTF8.GetBytes($$"""{"model":"m","system":"Be brief.","messages":[{{First}}],"max_tokens":5}""");
        var turn2 = Encoding.UTF8.GetBytes($$"""{"max_tokens":9,"messages":[{{First}},{"role":"assistant","content":"Hello"},{"role":"user","content":"More"}],"system":"Be brief.","model":"m"}""");

        var id = Pseudonymizer.ConversationIdOf(turn1);

        Assert.NotNull(id);
        Assert.StartsWith("auto-", id, StringComparison.Ordinal);
        Assert.Equal(id, Pseudonymizer.ConversationIdOf(turn2));
    }

    [Theory]
    [InlineData("""{"system":"Other.","messages":[{"role":"user","content":"Hi, I am anna@example.com"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"Hi, I am bob@example.com"}]}""")]
    public void ConversationIdOf_OtherStart_OtherId(string other)
    {
        var id = Pseudonymizer.ConversationIdOf("""{"messages":[{"role":"user","content":"Hi, I am anna@example.com"}]}"""u8);

        Assert.NotEqual(id, Pseudonymizer.ConversationIdOf(Encoding.UTF8.GetBytes(other)));
    }

    [Theory]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"messages":[{"role":""")]
    public void ConversationIdOf_NoFirstMessage_Null(string body) =>
        Assert.Null(Pseudonymizer.ConversationIdOf(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void ConversationIdOf_OtherKey_OtherId()
    {
        var body = """{"messages":[{"role":"user","content":"Hi"}]}"""u8.ToArray();
        var other = new Pseudonymizer(new RedactionOptions());

        Assert.NotEqual(Pseudonymizer.ConversationIdOf(body), other.ConversationIdOf(body));
    }
}
