using Skillgate.Context;
using Skillgate.Tokens;
using StackExchange.Redis;

namespace Skillgate.Documents;

/// <summary>Creates document stores.</summary>
public static class DocumentStores
{
    /// <summary>Creates the SQLite document store (the same file as the conversation store may be used).</summary>
    /// <param name="options">The database file and durability.</param>
    /// <param name="estimator">Counts the documents' tokens.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    /// <returns>The store.</returns>
    public static IDocumentStore CreateSqlite(SqliteStoreOptions options, ITokenEstimator estimator, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(estimator);
        return new SqliteDocumentStore(new SqliteDatabase(options), estimator, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates the Redis document store (one hash per document, written once).</summary>
    /// <param name="connection">A connected multiplexer (owned by the caller).</param>
    /// <param name="estimator">Counts the documents' tokens.</param>
    /// <param name="keyPrefix">The prefix of every key. Default <c>skillgate:</c>.</param>
    /// <returns>The store.</returns>
    public static IDocumentStore CreateRedis(IConnectionMultiplexer connection, ITokenEstimator estimator, string keyPrefix = "skillgate:")
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(estimator);
        return new RedisDocumentStore(connection, keyPrefix, estimator);
    }
}
