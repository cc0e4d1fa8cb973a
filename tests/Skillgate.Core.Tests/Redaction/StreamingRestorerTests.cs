using System.Text;
using System.Text.Json;
using CsCheck;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class StreamingRestorerTests
{
    private const string Original = "Hi ana@example.com! Your card 4111 1111 1111 1111 and ⟦ bracket ⟦X⟧ stay; call +86 138 0013 8000.";

    private readonly Pseudonymizer _p = new(new RedactionOptions { Key = PseudonymizerTests.TestKey });
    private readonly PseudonymVault _vault;
    private readonly string _redacted;

    public StreamingRestorerTests()
    {
        _vault = _p.CreateVault("s");
        _redacted = _p.Redact(Original, _vault) + "⟦EMAIL_000000⟧" + _p.Redact("ana@example.com", _vault);
    }

    private string Expected => Original + "⟦EMAIL_000000⟧ana@example.com";

    [Fact]
    public void Push_SplitAtEveryPairOfBoundaries_RestoresExactly()
    {
        Assert.Equal(3, _vault.Count);
        for (var i = 0; i <= _redacted.Length; i++)
        {
            for (var j = i; j <= _redacted.Length; j++)
            {
                var r = _p.CreateRestorer(_vault);
                var output = r.Push(_redacted.AsSpan(0, i)) + r.Push(_redacted.AsSpan(i, j - i)) + r.Push(_redacted.AsSpan(j)) + r.Flush();
                Assert.Equal(Expected, output);
            }
        }
    }

    [Fact]
    public void Push_OneCharacterAtATime_HoldsBackOnlyAPlaceholderPrefix()
    {
        var r = _p.CreateRestorer(_vault);
        var emitted = new StringBuilder();
        for (var i = 0; i < _redacted.Length; i++)
        {
            emitted.Append(r.Push(_redacted.AsSpan(i, 1)));
            var held = r.PendingLength;
            Assert.True(held == 0 || _redacted[i + 1 - held] == '⟦', $"held back '{_redacted.Substring(i + 1 - held, held)}'");
            Assert.True(held <= 50);
        }

        emitted.Append(r.Flush());
        Assert.Equal(Expected, emitted.ToString());
    }

    [Fact]
    public void Push_RandomSplits_RestoresExactly()
    {
        Gen.Int[1, 12].Array[0, 40].Sample(sizes =>
        {
            var r = _p.CreateRestorer(_vault);
            var output = new StringBuilder();
            var pos = 0;
            foreach (var size in sizes)
            {
                var n = Math.Min(size, _redacted.Length - pos);
                output.Append(r.Push(_redacted.AsSpan(pos, n)));
                pos += n;
            }

            output.Append(r.Push(_redacted.AsSpan(pos))).Append(r.Flush());
            return output.ToString() == Expected;
        });
    }

    [Fact]
    public void PushJson_PartialJsonSplitAnywhere_RestoresAndEscapesValues()
    {
        const string Pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        var placeholder = _p.Redact("key " + Pem, _vault)[4..];
        var email = _p.Redact("ana@example.com", _vault);
        var escapedEmail = email.Replace("⟦", "\\u27E6", StringComparison.Ordinal).Replace("⟧", "\\u27e7", StringComparison.Ordinal);
        var partialJson = "{\"to\": \"" + escapedEmail + "\", \"key\": \"" + placeholder + "\", \"note\": \"a\\\\u27e6b \\\"q\\\"\"}";

        for (var i = 0; i <= partialJson.Length; i++)
        {
            var r = _p.CreateRestorer(_vault, json: true);
            var output = r.Push(partialJson.AsSpan(0, i)) + r.Push(partialJson.AsSpan(i)) + r.Flush();

            using var doc = JsonDocument.Parse(output);
            Assert.Equal("ana@example.com", doc.RootElement.GetProperty("to").GetString());
            Assert.Equal(Pem, doc.RootElement.GetProperty("key").GetString());
            Assert.Equal("a\\u27e6b \"q\"", doc.RootElement.GetProperty("note").GetString());
        }
    }

    [Fact]
    public void Flush_UnfinishedPlaceholder_EmitsItRaw()
    {
        var r = _p.CreateRestorer(_vault);

        Assert.Equal("x ", r.Push("x ⟦EMAIL_12"));
        Assert.Equal("⟦EMAIL_12", r.Flush());
    }
}
