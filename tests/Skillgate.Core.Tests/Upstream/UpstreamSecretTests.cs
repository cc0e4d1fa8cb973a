using CsCheck;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class UpstreamSecretTests
{
    [Fact]
    public void Fingerprint_SameValue_SameFingerprintAcrossInstances()
    {
        var first = new UpstreamSecret("sk-ant-api03-first-key-value");
        var again = new UpstreamSecret("sk-ant-api03-first-key-value");

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.Equal(16, first.Fingerprint.Length);
        Assert.Matches("^[0-9a-f]{16}$", first.Fingerprint);
        // Pinned so that a change of the definition (which would orphan every pinned object) fails here.
        Assert.Equal("2c26b46b68ffc68f", new UpstreamSecret("foo").Fingerprint);
    }

    [Fact]
    public void Fingerprint_DifferentKeys_Differ()
    {
        var fingerprints = Enumerable.Range(0, 1000).Select(i => new UpstreamSecret($"sk-ant-key-{i}").Fingerprint).ToHashSet();

        Assert.Equal(1000, fingerprints.Count);
    }

    [Fact]
    public void Fingerprint_AnyKey_RevealsNoPartOfIt()
    {
        Gen.String[Gen.Char['!', '~'], 8, 120].Where(s => !string.IsNullOrWhiteSpace(s)).Sample(value =>
        {
            var secret = new UpstreamSecret(value);
            var fingerprint = secret.Fingerprint;
            Assert.Equal(fingerprint, new UpstreamSecret(value).Fingerprint);
            for (var i = 0; i + 6 <= value.Length; i++)
            {
                Assert.DoesNotContain(value.Substring(i, 6), fingerprint, StringComparison.Ordinal);
            }

            Assert.Equal("[redacted]", secret.ToString());
        });
    }
}
