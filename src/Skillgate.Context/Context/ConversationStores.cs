using Skillgate.Storage;

namespace Skillgate.Context;

/// <summary>Creates conversation stores. The Redis store is in Skillgate.Redis (<c>RedisStores</c>).</summary>
public static class ConversationStores
{
    /// <summary>Creates the embedded SQLite store (WAL; fsync on commit unless configured otherwise).</summary>
    /// <param name="options">Where the file is and how durable commits are.</param>
    /// <param name="timeProvider">The clock for timestamps, or <see langword="null"/> for the system clock.</param>
    /// <returns>The store.</returns>
    public static IConversationStore CreateSqlite(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SqliteConversationStore(new SqliteDatabase(options), timeProvider ?? TimeProvider.System);
    }

    /// <summary>Puts a byte-bounded in-memory cache in front of a store; evicting from it loses nothing.</summary>
    /// <param name="store">The durable store.</param>
    /// <param name="maxBytes">The cache's bound in bytes (UTF-16 size of the cached JSON plus overhead).</param>
    /// <returns>The caching store.</returns>
    public static IConversationStore WithCache(IConversationStore store, long maxBytes = 64L * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return new CachedConversationStore(store, maxBytes);
    }

    /// <summary>An id's scope (a tenant): its part up to and including its last <c>/</c>, or empty. For store implementations.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <returns>The scope.</returns>
    public static string ScopeOf(string conversationId) => conversationId[..(conversationId.LastIndexOf('/') + 1)];

    /// <summary>Checks the arguments of <see cref="IConversationStore.ListScopeAsync"/>. For store implementations.</summary>
    /// <param name="scope">The scope: empty or ending with <c>/</c>.</param>
    /// <param name="limit">The page size: positive.</param>
    /// <exception cref="ArgumentException">The scope is neither empty nor ends with <c>/</c>, or the limit is not positive.</exception>
    public static void CheckScope(string scope, int limit)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (scope.Length > 0 && !scope.EndsWith('/'))
        {
            throw new ArgumentException("A scope is empty or ends with '/'.", nameof(scope));
        }
    }
}
