using Microsoft.Data.Sqlite;

namespace Skillgate.Storage;

/// <summary>Opens pooled connections to the store's SQLite file with WAL and the configured durability.</summary>
internal sealed class SqliteDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS conversations(
            id TEXT PRIMARY KEY, version INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS entries(
            conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL,
            json TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY(conversation_id, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated_at);
        CREATE TABLE IF NOT EXISTS documents(
            hash TEXT PRIMARY KEY, name TEXT NOT NULL, media_type TEXT NOT NULL,
            text TEXT NOT NULL, tokens INTEGER NOT NULL, created_at INTEGER NOT NULL, content BLOB);
        """;

    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _pragmas = $"PRAGMA synchronous={(options.SynchronousFull ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={(int)options.BusyTimeout.TotalMilliseconds};";
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + Schema;
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        return connection;
    }
}
