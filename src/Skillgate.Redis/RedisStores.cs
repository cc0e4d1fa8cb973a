using Skillgate.Context;
using Skillgate.Documents;
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
}
