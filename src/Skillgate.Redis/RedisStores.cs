using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Redaction;
using Skillgate.Redis.Redaction;
using Skillgate.Tokens;
using StackExchange.Redis;

namespace Skillgate.Redis;

/// <summary>Creates the Redis stores: the shared state of a cluster of gateways.</summary>
public static class RedisStores
{
    /// <summary>Creates the Redis conversation store.</summary>
    /// <param name="connection">A connected multiplexer (owned by the caller).</param>
    /// <param name="keyPrefix">The prefix of every key. Default <c>skillgate:conv:</c>.</param>
    /// <param name="timeProvider">The clock for timestamps, or <see langword="null"/> for the system clock.</param>
    /// <returns>The store.</returns>
    public static IConversationStore CreateConversationStore(IConnectionMultiplexer connection, string keyPrefix = "skillgate:conv:", TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new RedisConversationStore(connection, keyPrefix, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates the Redis document store (one hash per document, written once).</summary>
    /// <param name="connection">A connected multiplexer (owned by the caller).</param>
    /// <param name="estimator">Counts the documents' tokens.</param>
    /// <param name="keyPrefix">The prefix of every key. Default <c>skillgate:</c>.</param>
    /// <returns>The store.</returns>
    public static IDocumentStore CreateDocumentStore(IConnectionMultiplexer connection, ITokenEstimator estimator, string keyPrefix = "skillgate:")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(estimator);
        return new RedisDocumentStore(connection, keyPrefix, estimator);
    }

    /// <summary>Creates the Redis store of sealed redaction vaults (one key per vault; only ciphertext reaches Redis).</summary>
    /// <param name="connection">A connected multiplexer (owned by the caller).</param>
    /// <param name="keyPrefix">The prefix of every key. Default <c>skillgate:vault:</c>.</param>
    /// <param name="retention">How long a vault is kept after its last save. Default 30 days (a message batch lives 29).</param>
    /// <returns>The store.</returns>
    public static IPseudonymVaultStore CreateVaultStore(IConnectionMultiplexer connection, string keyPrefix = "skillgate:vault:", TimeSpan? retention = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return CreateVaultStore(() => ValueTask.FromResult(connection), keyPrefix, retention);
    }

    /// <summary>
    /// Creates the Redis store of sealed redaction vaults over a connection made on first use (by <paramref name="connect"/>,
    /// which returns the same multiplexer every time; the caller owns it).
    /// </summary>
    /// <param name="connect">Returns the multiplexer, connecting it the first time.</param>
    /// <param name="keyPrefix">The prefix of every key. Default <c>skillgate:vault:</c>.</param>
    /// <param name="retention">How long a vault is kept after its last save. Default 30 days (a message batch lives 29).</param>
    /// <returns>The store.</returns>
    public static IPseudonymVaultStore CreateVaultStore(Func<ValueTask<IConnectionMultiplexer>> connect, string keyPrefix = "skillgate:vault:", TimeSpan? retention = null)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        var kept = retention ?? TimeSpan.FromDays(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(kept, TimeSpan.Zero, nameof(retention));
        return new RedisVaultStore(connect, keyPrefix, kept);
    }
}
