using System.Collections.Concurrent;

namespace Skillgate.Redaction.Pseudonymization;

/// <summary>The default store: sealed vaults in a process-local dictionary, bounded by dropping the least recently saved.</summary>
internal sealed class InMemoryVaultStore(int capacity) : IPseudonymVaultStore
{
    private readonly ConcurrentDictionary<string, (byte[] Sealed, long Stamp)> _vaults = new(StringComparer.Ordinal);
    private readonly Lock _trimLock = new();
    private long _clock;

    public ValueTask<byte[]?> LoadAsync(string conversationId, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(_vaults.TryGetValue(conversationId, out var v) ? v.Sealed : null);

    public ValueTask SaveAsync(string conversationId, byte[] sealedVault, CancellationToken cancellationToken = default)
    {
        _vaults[conversationId] = (sealedVault, Interlocked.Increment(ref _clock));
        if (_vaults.Count > capacity)
        {
            Trim();
        }

        return ValueTask.CompletedTask;
    }

    private void Trim()
    {
        lock (_trimLock)
        {
            if (_vaults.Count <= capacity)
            {
                return;
            }

            var drop = Math.Max(1, capacity / 10);
            foreach (var (key, _) in _vaults.OrderBy(kv => kv.Value.Stamp).Take(drop).ToList())
            {
                _vaults.TryRemove(key, out _);
            }
        }
    }
}
