using Microsoft.Data.Sqlite;

namespace Skillgate.Server.Ownership;

/// <summary>The owner map in a table of the gateway's SQLite file (the file the conversations use).</summary>
internal sealed class SqliteObjectOwnerStore : IObjectOwnerStore
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS owned_objects(
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, tenant TEXT NOT NULL, key_fingerprint TEXT NOT NULL, expires_at INTEGER);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SqliteObjectOwnerStore(string path, TimeProvider time)
    {
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public async Task RecordAsync(OwnedObject owned, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO owned_objects(id, kind, tenant, key_fingerprint, expires_at) VALUES($id, $kind, $tenant, $key, $expires)
            ON CONFLICT(id) DO UPDATE SET kind = $kind, tenant = $tenant, key_fingerprint = $key, expires_at = $expires;
            """;
        command.Parameters.AddWithValue("$id", owned.Id);
        command.Parameters.AddWithValue("$kind", owned.Kind);
        command.Parameters.AddWithValue("$tenant", owned.Tenant);
        command.Parameters.AddWithValue("$key", owned.KeyFingerprint);
        command.Parameters.AddWithValue("$expires", owned.ExpiresAt is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<OwnedObject?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, tenant, key_fingerprint, expires_at FROM owned_objects WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        DateTimeOffset? expires = reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
        if (expires is { } at && at <= _time.GetUtcNow())
        {
            return null;
        }

        return new OwnedObject(id, reader.GetString(0), reader.GetString(1), reader.GetString(2), expires);
    }

    public async Task ForgetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM owned_objects WHERE id = $id OR (expires_at IS NOT NULL AND expires_at <= $now);";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
