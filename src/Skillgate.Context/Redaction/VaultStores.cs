using Skillgate.Storage;

namespace Skillgate.Redaction;

/// <summary>Creates durable vault stores. The Redis store is in Skillgate.Redis (<c>RedisStores.CreateVaultStore</c>).</summary>
public static class VaultStores
{
    /// <summary>The default time a vault is kept after its last save: 30 days (a message batch lives 29).</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// Creates a store of sealed vaults in a table of the SQLite file at <see cref="SqliteStoreOptions.Path"/> (the file
    /// conversations use; opened on first use). It only ever holds ciphertext; the vaults this process used last are
    /// also kept in memory, so a turn reads the file only for a conversation it has not seen.
    /// </summary>
    /// <param name="options">Where the file is and how durable commits are.</param>
    /// <param name="retention">How long a vault is kept after its last save. Default <see cref="DefaultRetention"/>.</param>
    /// <param name="maxInMemory">How many sealed vaults are also kept in memory. Default 10,000.</param>
    /// <param name="timeProvider">The clock for the retention, or <see langword="null"/> for the system clock.</param>
    /// <returns>The store.</returns>
    public static IPseudonymVaultStore CreateSqlite(SqliteStoreOptions options, TimeSpan? retention = null, int maxInMemory = 10_000, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInMemory);
        var kept = retention ?? DefaultRetention;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(kept, TimeSpan.Zero, nameof(retention));
        return new SqliteVaultStore(options, kept, maxInMemory, timeProvider ?? TimeProvider.System);
    }
}
