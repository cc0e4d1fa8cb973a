using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Skillgate.Storage;

namespace Skillgate.Redaction;

/// <summary>
/// Sealed vaults in the <c>vaults</c> table of the store's SQLite file, with the most recently used ones cached in
/// memory. Rows not saved for the retention period are deleted now and then on save.
/// </summary>
internal sealed class SqliteVaultStore(SqliteStoreOptions options, TimeSpan retention, int maxInMemory, TimeProvider time) : IPseudonymVaultStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS vaults(
            id TEXT PRIMARY KEY, sealed BLOB NOT NULL, updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS vaults_updated ON vaults(updated_at);
        """;

    private const int PruneEvery = 1024;

    private readonly Lazy<SqliteDatabase> _database = new(() => Create(options), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);
    private long _saves;

    public async ValueTask<byte[]?> LoadAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (_cache.TryGetValue(conversationId, out var cached))
        {
            return cached;
        }

        await using var connection = _database.Value.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed FROM vaults WHERE id = $id AND updated_at > $oldest;";
        command.Parameters.AddWithValue("$id", conversationId);
        command.Parameters.AddWithValue("$oldest", (time.GetUtcNow() - retention).ToUnixTimeMilliseconds());
        var found = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        if (found is not null)
        {
            Remember(conversationId, found);
        }

        return found;
    }

    public async ValueTask SaveAsync(string conversationId, byte[] sealedVault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(sealedVault);
        var now = time.GetUtcNow();
        await using var connection = _database.Value.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO vaults(id, sealed, updated_at) VALUES($id, $sealed, $now)
            ON CONFLICT(id) DO UPDATE SET sealed = $sealed, updated_at = $now;
            """;
        if (Interlocked.Increment(ref _saves) % PruneEvery == 0)
        {
            command.CommandText += "DELETE FROM vaults WHERE updated_at <= $oldest;";
            command.Parameters.AddWithValue("$oldest", (now - retention).ToUnixTimeMilliseconds());
        }

        command.Parameters.AddWithValue("$id", conversationId);
        command.Parameters.AddWithValue("$sealed", sealedVault);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Remember(conversationId, sealedVault);
    }

    private void Remember(string conversationId, byte[] sealedVault)
    {
        if (maxInMemory == 0)
        {
            return;
        }

        if (_cache.Count >= maxInMemory)
        {
            // Dropping cached copies loses nothing: the file has them.
            _cache.Clear();
        }

        _cache[conversationId] = sealedVault;
    }

    private static SqliteDatabase Create(SqliteStoreOptions options)
    {
        var database = new SqliteDatabase(options);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        return database;
    }
}
