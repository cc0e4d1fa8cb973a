using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Skillgate.Redaction.Pseudonymization;

namespace Skillgate.Redaction;

/// <summary>
/// One conversation's placeholders and the values they stand for. The same value keeps the same placeholder for the
/// whole conversation. At rest it exists only as <see cref="Seal"/>ed bytes (AES-256-GCM, bound to the conversation id).
/// Thread-safe.
/// </summary>
public sealed class PseudonymVault
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly RedactionKeys _keys;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _valueByPlaceholder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _placeholderByValue = new(StringComparer.Ordinal);

    internal PseudonymVault(string conversationId, RedactionKeys keys)
    {
        ConversationId = conversationId;
        _keys = keys;
    }

    /// <summary>The conversation this vault belongs to.</summary>
    public string ConversationId { get; }

    /// <summary>How many distinct values the vault holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _valueByPlaceholder.Count;
            }
        }
    }

    /// <summary>Finds the value behind <paramref name="placeholder"/> (for example <c>⟦EMAIL_1a2b3c⟧</c>).</summary>
    public bool TryResolve(string placeholder, [NotNullWhen(true)] out string? value)
    {
        lock (_lock)
        {
            return _valueByPlaceholder.TryGetValue(placeholder, out value);
        }
    }

    /// <summary>Encrypts the vault (AES-256-GCM, random nonce, the conversation id as associated data) for storage.</summary>
    public byte[] Seal()
    {
        byte[] plain;
        lock (_lock)
        {
            using var ms = new MemoryStream();
            using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(_valueByPlaceholder.Count);
                foreach (var (placeholder, value) in _valueByPlaceholder)
                {
                    w.Write(placeholder);
                    w.Write(value);
                }
            }

            plain = ms.ToArray();
        }

        var sealedBytes = new byte[1 + NonceSize + TagSize + plain.Length];
        sealedBytes[0] = FormatVersion;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys.VaultKey, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(1 + NonceSize + TagSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), AssociatedData(ConversationId));
        }

        CryptographicOperations.ZeroMemory(plain);
        return sealedBytes;
    }

    internal static PseudonymVault Open(string conversationId, ReadOnlySpan<byte> sealedBytes, RedactionKeys keys)
    {
        if (sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != FormatVersion)
        {
            throw new RedactionFailedException("The sealed vault is not in a known format.", "api_error", RedactionFailureReasons.Vault);
        }

        var plain = new byte[sealedBytes.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(keys.VaultKey, TagSize);
            aes.Decrypt(sealedBytes.Slice(1, NonceSize), sealedBytes[(1 + NonceSize + TagSize)..], sealedBytes.Slice(1 + NonceSize, TagSize), plain, AssociatedData(conversationId));
        }
        catch (CryptographicException)
        {
            throw new RedactionFailedException("The sealed vault failed authentication (wrong key, wrong conversation or tampered data).", "api_error", RedactionFailureReasons.Vault);
        }

        var vault = new PseudonymVault(conversationId, keys);
        using var r = new BinaryReader(new MemoryStream(plain), Encoding.UTF8);
        var count = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var placeholder = r.ReadString();
            var value = r.ReadString();
            vault._valueByPlaceholder[placeholder] = value;
            vault._placeholderByValue[KeyOf(TypeOf(placeholder), value)] = placeholder;
        }

        CryptographicOperations.ZeroMemory(plain);
        return vault;
    }

    /// <summary>
    /// A copy of this vault's placeholders under another id (sealing binds to it), e.g. a batch request's vault kept
    /// under its batch id and <c>custom_id</c>: the placeholders already written stay what they are.
    /// </summary>
    internal PseudonymVault Rebind(string conversationId)
    {
        var copy = new PseudonymVault(conversationId, _keys);
        lock (_lock)
        {
            foreach (var (placeholder, value) in _valueByPlaceholder)
            {
                copy._valueByPlaceholder[placeholder] = value;
            }

            foreach (var (key, placeholder) in _placeholderByValue)
            {
                copy._placeholderByValue[key] = placeholder;
            }
        }

        return copy;
    }

    /// <summary>The placeholder of <paramref name="value"/>, added on first use; a hash collision takes the next counter.</summary>
    internal string GetOrAdd(string type, string value)
    {
        var key = KeyOf(type, value);
        lock (_lock)
        {
            if (_placeholderByValue.TryGetValue(key, out var existing))
            {
                return existing;
            }

            for (var attempt = 0; ; attempt++)
            {
                var placeholder = Placeholder.Create(type, _keys.Hash(ConversationId, type, value, attempt));
                if (_valueByPlaceholder.TryAdd(placeholder, value))
                {
                    _placeholderByValue[key] = placeholder;
                    return placeholder;
                }
            }
        }
    }

    private static string KeyOf(string type, string value) => string.Concat(type, "\0", value);

    private static string TypeOf(string placeholder) => placeholder[1..placeholder.LastIndexOf('_')];

    private static byte[] AssociatedData(string conversationId) => Encoding.UTF8.GetBytes("skillgate-vault-v1:" + conversationId);
}
