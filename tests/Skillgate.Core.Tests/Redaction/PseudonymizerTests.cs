using System.Text;
using System.Text.RegularExpressions;
using Skillgate.Core.Tests.Redaction.Evaluation;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed partial class PseudonymizerTests
{
    internal static readonly string TestKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [GeneratedRegex("^⟦[A-Z_]+_[0-9a-f]{6}⟧$")]
    private static partial Regex PlaceholderPattern();

    private static Pseudonymizer Create(RedactionMode mode = RedactionMode.Pseudonymize) => new(new RedactionOptions { Key = TestKey, Mode = mode });

    [Fact]
    public void Redact_Email_UsesTypedPlaceholder()
    {
        var p = Create();
        var vault = p.CreateVault("c1");

        var result = p.Redact("write to ana@example.com today", vault);

        var placeholder = result["write to ".Length..^" today".Length];
        Assert.Matches(PlaceholderPattern(), placeholder);
        Assert.StartsWith("⟦EMAIL_", placeholder, StringComparison.Ordinal);
        Assert.Equal(1, vault.Count);
    }

    [Fact]
    public async Task Redact_SameValueInLaterTurn_KeepsPlaceholder()
    {
        var p = Create();
        var turn1 = await p.GetVaultAsync("conv");
        var first = p.Redact("call 13800138000", turn1);
        await p.SaveVaultAsync(turn1);

        var turn2 = await p.GetVaultAsync("conv");
        var second = p.Redact("again: 13800138000, or ana@example.com", turn2);

        Assert.Equal(first["call ".Length..], second["again: ".Length..(first.Length + 2)]);
        Assert.Equal(2, turn2.Count);
    }

    [Fact]
    public void Redact_SameKeyNewInstance_SamePlaceholders()
    {
        var a = Create().Redact("ana@example.com", Create().CreateVault("c"));
        var b = Create().Redact("ana@example.com", Create().CreateVault("c"));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Redact_OtherConversation_DifferentPlaceholder()
    {
        var p = Create();

        Assert.NotEqual(p.Redact("ana@example.com", p.CreateVault("c1")), p.Redact("ana@example.com", p.CreateVault("c2")));
    }

    [Fact]
    public void Redact_RedactMode_StoresNothing()
    {
        var p = Create(RedactionMode.Redact);
        var vault = p.CreateVault("c");

        var result = p.Redact("ana@example.com", vault);

        Assert.Matches(PlaceholderPattern(), result);
        Assert.Equal(0, vault.Count);
        Assert.Equal(result, p.Restore(result, vault));
    }

    [Fact]
    public void Redact_Off_ReturnsInput()
    {
        var p = Create(RedactionMode.Off);

        Assert.Equal("ana@example.com", p.Redact("ana@example.com", p.CreateVault("c")));
    }

    [Fact]
    public void RedactThenRestore_SmokeSamples_RoundTripsAndHidesEveryGoldValue()
    {
        var p = Create();
        foreach (var sample in SmokeSet.Load())
        {
            var vault = p.CreateVault(sample.Id);
            var redacted = p.Redact(sample.Text, vault);

            foreach (var gold in sample.Gold)
            {
                Assert.DoesNotContain(gold.Text, redacted, StringComparison.Ordinal);
            }

            Assert.Equal(sample.Text, p.Restore(redacted, vault));
        }
    }

    [Fact]
    public void Seal_ThenOpen_RestoresAndHoldsNoPlaintext()
    {
        var p = Create();
        var vault = p.CreateVault("c");
        var redacted = p.Redact("id 110101199003074514 mail ana@example.com", vault);

        var sealedVault = vault.Seal();
        var reopened = Create().OpenVault("c", sealedVault);

        Assert.Equal("id 110101199003074514 mail ana@example.com", p.Restore(redacted, reopened));
        Assert.DoesNotContain("ana@example.com", Encoding.UTF8.GetString(sealedVault), StringComparison.Ordinal);
        Assert.DoesNotContain("110101199003074514", Encoding.UTF8.GetString(sealedVault), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenVault_WrongConversationOrTampered_Fails()
    {
        var p = Create();
        var vault = p.CreateVault("c");
        p.Redact("ana@example.com", vault);
        var sealedVault = vault.Seal();

        Assert.Throws<RedactionFailedException>(() => p.OpenVault("other", sealedVault));
        sealedVault[^1] ^= 1;
        Assert.Throws<RedactionFailedException>(() => p.OpenVault("c", sealedVault));
        Assert.Throws<RedactionFailedException>(() => new Pseudonymizer(new RedactionOptions()).OpenVault("c", vault.Seal()));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Constructor_BadKey_NamesTheKey(string key)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Pseudonymizer(new RedactionOptions { Key = key }));

        Assert.Contains("Skillgate:Redaction:Key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveVaultAsync_PastCapacity_DropsOldestAndRebuildsSamePlaceholders()
    {
        var p = new Pseudonymizer(new RedactionOptions { Key = TestKey, MaxVaultsInMemory = 10 });
        var first = await p.GetVaultAsync("conv-0");
        var placeholder = p.Redact("ana@example.com", first);
        await p.SaveVaultAsync(first);
        for (var i = 1; i <= 10; i++)
        {
            var v = await p.GetVaultAsync($"conv-{i}");
            p.Redact("x@example.com", v);
            await p.SaveVaultAsync(v);
        }

        var reloaded = await p.GetVaultAsync("conv-0");
        Assert.Equal(0, reloaded.Count);
        Assert.Equal(placeholder, p.Redact("ana@example.com", reloaded));
        Assert.Equal(1, (await p.GetVaultAsync("conv-10")).Count);
    }
}
