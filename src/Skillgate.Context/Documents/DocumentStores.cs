using Skillgate.Storage;
using Skillgate.Tokens;

namespace Skillgate.Documents;

/// <summary>Creates document stores. The Redis store is in Skillgate.Redis (<c>RedisStores</c>).</summary>
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
}
