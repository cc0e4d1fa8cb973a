using Microsoft.Extensions.AI;
using Skillgate.AI;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.AI;

public sealed class ChatStreamRestorerTests
{
    private const string Text = "Mail jane.doe@example.com or call +44 20 7946 0958, card 4111 1111 1111 1111.";

    [Fact]
    public void Process_SplitAtEveryPosition_RestoresTheWholeText()
    {
        var pseudonymizer = new Pseudonymizer(new RedactionOptions());
        var vault = pseudonymizer.CreateVault("c-split");
        var redacted = pseudonymizer.Redact(Text, vault);
        Assert.NotEqual(Text, redacted);
        for (var i = 0; i <= redacted.Length; i++)
        {
            for (var j = i; j <= redacted.Length; j += 7)
            {
                var restorer = new ChatStreamRestorer(pseudonymizer, vault);
                var seen = new List<ChatResponseUpdate>();
                foreach (var piece in new[] { redacted[..i], redacted[i..j], redacted[j..] })
                {
                    var update = new ChatResponseUpdate(ChatRole.Assistant, piece);
                    if (restorer.Process(update))
                    {
                        seen.Add(update);
                    }
                }

                if (restorer.Flush(seen.LastOrDefault()) is { } tail)
                {
                    seen.Add(tail);
                }

                Assert.Equal(Text, string.Concat(seen.Select(u => u.Text)));
            }
        }
    }

    [Fact]
    public void Process_FunctionCallAfterHeldBackText_TextFlushedFirstArgumentsRestored()
    {
        var pseudonymizer = new Pseudonymizer(new RedactionOptions());
        var vault = pseudonymizer.CreateVault("c-tool");
        var placeholder = pseudonymizer.Redact("jane.doe@example.com", vault);
        var restorer = new ChatStreamRestorer(pseudonymizer, vault);
        var first = new ChatResponseUpdate(ChatRole.Assistant, "Writing to " + placeholder[..4]);
        var second = new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("c1", "send", new Dictionary<string, object?> { ["to"] = placeholder })]);

        Assert.True(restorer.Process(first));
        Assert.True(restorer.Process(second));

        Assert.Equal("Writing to ", first.Text);
        Assert.Equal(placeholder[..4], Assert.IsType<TextContent>(second.Contents[0]).Text);
        Assert.Equal("jane.doe@example.com", Assert.IsType<FunctionCallContent>(second.Contents[1]).Arguments!["to"]);
        Assert.Null(restorer.Flush(second));
    }
}
