using System.Collections.Concurrent;

namespace Skillgate.Redaction.Pseudonymization;

/// <summary>The default store: sealed vaults in a process-local dictionary.</summary>
internal sealed class InMemoryVaultStore : IPseudonymVaultStore
{
    private readonly ConcurrentDictionary<string, byte[]> _vaults = new(StringComparer.Ordinal);

    public ValueTask<byte[]?> LoadAsync(string conversationId, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_vaults.TryGetValue(conversationId, out var v) ? v : null);

    public ValueTask SaveAsync(string conversationId, byte[] sealedVault, CancellationToken cancellationToken = default)
    {
        _vaults[conversationId] = sealedVault;
        return ValueTask.CompletedTask;
    }
}
