namespace Skillgate.Redaction;

/// <summary>Keeps sealed (encrypted) vaults between turns of a conversation. Implementations only ever see ciphertext.</summary>
public interface IPseudonymVaultStore
{
    /// <summary>Returns the sealed vault of <paramref name="conversationId"/>, or <see langword="null"/> when there is none.</summary>
    ValueTask<byte[]?> LoadAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Stores the sealed vault of <paramref name="conversationId"/>, replacing any previous one.</summary>
    ValueTask SaveAsync(string conversationId, byte[] sealedVault, CancellationToken cancellationToken = default);
}
