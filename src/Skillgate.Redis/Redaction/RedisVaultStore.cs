using Skillgate.Redaction;
using StackExchange.Redis;

namespace Skillgate.Redis.Redaction;

/// <summary>Sealed vaults as Redis strings (one key per vault, expiring after the retention since the last save).</summary>
internal sealed class RedisVaultStore(Func<ValueTask<IConnectionMultiplexer>> connect, string keyPrefix, TimeSpan retention) : IPseudonymVaultStore
{
    public async ValueTask<byte[]?> LoadAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var redis = await connect().ConfigureAwait(false);
        var value = await redis.GetDatabase().StringGetAsync(keyPrefix + conversationId).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }

    public async ValueTask SaveAsync(string conversationId, byte[] sealedVault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(sealedVault);
        var redis = await connect().ConfigureAwait(false);
        await redis.GetDatabase().StringSetAsync(keyPrefix + conversationId, sealedVault, retention).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
