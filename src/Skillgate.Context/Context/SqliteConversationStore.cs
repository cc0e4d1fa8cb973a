using Microsoft.Data.Sqlite;
using Skillgate.Storage;

namespace Skillgate.Context;

/// <summary>
/// The default store: one SQLite file in WAL mode. An append is one <c>BEGIN IMMEDIATE</c> transaction that checks
/// the version, inserts the entries and bumps the version; it returns only after the commit (fsynced with FULL).
/// </summary>
internal sealed class SqliteConversationStore : IConversationStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    public SqliteConversationStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    public Task<long> AppendAsync(string conversationId, long expectedVersion, IReadOnlyList<ConversationRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var actual = ReadVersion(connection, transaction, conversationId);
        if (actual != expectedVersion)
        {
            throw new ConversationConcurrencyException(conversationId, expectedVersion, actual);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO entries(conversation_id, seq, kind, json, created_at) VALUES($id, $seq, $kind, $json, $at)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var kind = insert.Parameters.Add("$kind", SqliteType.Integer);
            var json = insert.Parameters.Add("$json", SqliteType.Text);
            insert.Parameters.AddWithValue("$id", conversationId);
            insert.Parameters.AddWithValue("$at", now);
            var next = expectedVersion;
            foreach (var record in records)
            {
                seq.Value = ++next;
                kind.Value = (int)record.Kind;
                json.Value = record.Json;
                insert.ExecuteNonQuery();
            }
        }

        var version = expectedVersion + records.Count;
        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO conversations(id, version, updated_at) VALUES($id, $v, $at)
                ON CONFLICT(id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
                """;
            upsert.Parameters.AddWithValue("$id", conversationId);
            upsert.Parameters.AddWithValue("$v", version);
            upsert.Parameters.AddWithValue("$at", now);
            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.FromResult(version);
    }

    public Task<IReadOnlyList<ConversationEntry>> ReadAsync(string conversationId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, json, created_at FROM entries WHERE conversation_id = $id AND seq > $after ORDER BY seq";
        command.Parameters.AddWithValue("$id", conversationId);
        command.Parameters.AddWithValue("$after", afterSequence);
        var entries = new List<ConversationEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ConversationEntry(
                reader.GetInt64(0),
                (ConversationEntryKind)reader.GetInt32(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return Task.FromResult<IReadOnlyList<ConversationEntry>>(entries);
    }

    public Task<long> GetVersionAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        return Task.FromResult(ReadVersion(connection, null, conversationId));
    }

    public Task<IReadOnlyList<ConversationInfo>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, version, updated_at FROM conversations ORDER BY updated_at DESC, id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult(Infos(command));
    }

    public Task<IReadOnlyList<ConversationInfo>> ListScopeAsync(string scope, int limit, string? afterId = null, CancellationToken cancellationToken = default)
    {
        ConversationStores.CheckScope(scope, limit);
        cancellationToken.ThrowIfCancellationRequested();
        if (afterId is not null && ConversationStores.ScopeOf(afterId) != scope)
        {
            return Task.FromResult<IReadOnlyList<ConversationInfo>>([]);
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();

        // A range of the primary key (from the scope to the scope with its '/' raised to '0'), then only the ids
        // without a further '/'; the cursor is the previous page's last row in (updated_at DESC, id DESC) order.
        var range = scope.Length == 0 ? "1 = 1" : "c.id >= $scope AND c.id < $end";
        var cursor = afterId is null
            ? string.Empty
            : " AND a.id = $after AND (c.updated_at < a.updated_at OR (c.updated_at = a.updated_at AND c.id < a.id))";
        command.CommandText = $"SELECT c.id, c.version, c.updated_at FROM conversations c{(afterId is null ? "" : ", conversations a")} "
            + $"WHERE {range} AND instr(substr(c.id, length($scope) + 1), '/') = 0{cursor} ORDER BY c.updated_at DESC, c.id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$end", scope.Length == 0 ? string.Empty : scope[..^1] + "0");
        command.Parameters.AddWithValue("$after", (object?)afterId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult(Infos(command));
    }

    public Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM entries WHERE conversation_id = $id; DELETE FROM conversations WHERE id = $id;";
        command.Parameters.AddWithValue("$id", conversationId);
        var deleted = command.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult(deleted > 0);
    }

    private static IReadOnlyList<ConversationInfo> Infos(SqliteCommand command)
    {
        var list = new List<ConversationInfo>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new ConversationInfo(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return list;
    }

    private static long ReadVersion(SqliteConnection connection, SqliteTransaction? transaction, string conversationId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM conversations WHERE id = $id";
        command.Parameters.AddWithValue("$id", conversationId);
        return command.ExecuteScalar() is long version ? version : 0;
    }
}
