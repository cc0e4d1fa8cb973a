using System.Security.Cryptography;
using System.Text;

namespace Skillgate.Redaction.Pseudonymization;

/// <summary>Keys derived (HKDF-SHA256) from the configured master key: one for placeholder HMACs, one for sealing vaults.</summary>
internal sealed class RedactionKeys
{
    private const int MinKeyBytes = 32;

    private RedactionKeys(byte[] master)
    {
        HmacKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "skillgate/redaction/placeholder/v1"u8.ToArray());
        VaultKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "skillgate/redaction/vault/v1"u8.ToArray());
        CryptographicOperations.ZeroMemory(master);
    }

    public byte[] HmacKey { get; }

    public byte[] VaultKey { get; }

    public static RedactionKeys From(RedactionOptions options)
    {
        if (options.Key is null)
        {
            return new RedactionKeys(RandomNumberGenerator.GetBytes(MinKeyBytes));
        }

        byte[] master;
        try
        {
            master = Convert.FromBase64String(options.Key);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{RedactionOptions.SectionName}:Key is not valid base64.", nameof(options));
        }

        if (master.Length < MinKeyBytes)
        {
            throw new ArgumentException($"{RedactionOptions.SectionName}:Key must decode to at least {MinKeyBytes} bytes.", nameof(options));
        }

        return new RedactionKeys(master);
    }

    /// <summary>HMAC-SHA256 over conversation, type, value and a collision counter.</summary>
    public byte[] Hash(string conversationId, string type, string value, int attempt)
    {
        var input = Encoding.UTF8.GetBytes($"{conversationId}\0{type}\0{value}\0{attempt}");
        return HMACSHA256.HashData(HmacKey, input);
    }
}
