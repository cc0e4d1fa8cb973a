using System.Security.Cryptography;
using System.Text;

namespace Skillgate.Upstream;

/// <summary>An API key. <see cref="ToString"/> is redacted so that the key cannot reach a log, an error or a metric by accident.</summary>
public sealed class UpstreamSecret
{
    private readonly string _value;
    private string? _fingerprint;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public UpstreamSecret(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>
    /// A stable, non-secret name of the key: the first 16 hex digits (lowercase) of the SHA-256 of its value. The same
    /// key has the same fingerprint in every process, whatever its id or position in the configuration; it does not
    /// reveal the key. Pin a call to a key with <see cref="UpstreamRequest.KeyFingerprint"/>.
    /// </summary>
    public string Fingerprint => _fingerprint ??= Compute(_value);

    /// <summary>The key itself, for the one place that writes the request header.</summary>
    internal string Expose() => _value;

    /// <summary>Always <c>[redacted]</c>.</summary>
    public override string ToString() => "[redacted]";

    /// <summary>The fingerprint of a key value (see <see cref="Fingerprint"/>).</summary>
    internal static string Compute(string value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
