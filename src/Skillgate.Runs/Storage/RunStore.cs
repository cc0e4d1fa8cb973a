using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Skillgate.Runs.Storage;

/// <summary>
/// The durable state of runs in one SQLite file (WAL, <c>synchronous=FULL</c>: a commit that returned survives
/// <c>kill -9</c> and power loss). An item is claimed (in flight, attempts + 1) in a commit before it is sent, and its
/// output line is committed before it is written to the output file, so after a crash a stored answer is never asked
/// for again and only the items in flight at the crash are sent again.
/// </summary>
internal sealed class RunStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS runs(id TEXT PRIMARY KEY, spec TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS items(
            run_id TEXT NOT NULL, seq INTEGER NOT NULL, item_id TEXT NOT NULL, body BLOB NOT NULL,
            status INTEGER NOT NULL, attempts INTEGER NOT NULL, mode TEXT, batch_id TEXT, result TEXT,
            PRIMARY KEY(run_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS batches(
            run_id TEXT NOT NULL, batch_id TEXT NOT NULL, key_fingerprint TEXT, state TEXT NOT NULL,
            PRIMARY KEY(run_id, batch_id)) WITHOUT ROWID;
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public RunStore(string path)
    {
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;" + Schema);
    }

    public string Path { get; }

    public void CreateRun(RunSpec spec, IEnumerable<(string ItemId, byte[] Body)> items)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using (var run = Command("INSERT INTO runs(id, spec, created_at) VALUES($id, $spec, $at)"))
            {
                run.Parameters.AddWithValue("$id", spec.Id);
                run.Parameters.AddWithValue("$spec", JsonSerializer.Serialize(spec));
                run.Parameters.AddWithValue("$at", spec.CreatedAt.ToUnixTimeMilliseconds());
                run.ExecuteNonQuery();
            }

            using var insert = Command("INSERT INTO items(run_id, seq, item_id, body, status, attempts) VALUES($run, $seq, $id, $body, 0, 0)");
            var seqParameter = insert.Parameters.Add("$seq", SqliteType.Integer);
            var idParameter = insert.Parameters.Add("$id", SqliteType.Text);
            var bodyParameter = insert.Parameters.Add("$body", SqliteType.Blob);
            insert.Parameters.AddWithValue("$run", spec.Id);
            var seq = 0L;
            foreach (var (itemId, body) in items)
            {
                seqParameter.Value = seq++;
                idParameter.Value = itemId;
                bodyParameter.Value = body;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public RunSpec? GetRun(string runId)
    {
        lock (_lock)
        {
            using var command = Command("SELECT spec FROM runs WHERE id = $id");
            command.Parameters.AddWithValue("$id", runId);
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<RunSpec>(json) : null;
        }
    }

    /// <summary>After a crash: items claimed for an interactive send go back to pending (they are sent again, once).</summary>
    public int RecoverInFlight(string runId)
    {
        lock (_lock)
        {
            using var command = Command("UPDATE items SET status = 0 WHERE run_id = $run AND status = 1");
            command.Parameters.AddWithValue("$run", runId);
            return command.ExecuteNonQuery();
        }
    }

    public List<StoredItem> Items(string runId, params RunItemStatus[] statuses)
    {
        lock (_lock)
        {
            var filter = statuses.Length == 0 ? "" : $" AND status IN ({string.Join(',', statuses.Select(s => (int)s))})";
            using var command = Command("SELECT seq, item_id, status, attempts, mode, batch_id, body, result FROM items WHERE run_id = $run" + filter + " ORDER BY seq");
            command.Parameters.AddWithValue("$run", runId);
            using var reader = command.ExecuteReader();
            var items = new List<StoredItem>();
            while (reader.Read())
            {
                items.Add(new StoredItem(
                    reader.GetInt64(0), reader.GetString(1), (RunItemStatus)reader.GetInt32(2), reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    (byte[])reader[6], reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return items;
        }
    }

    /// <summary>Claims a pending item for sending; returns its attempt number, or 0 when it was not pending.</summary>
    public int Claim(string runId, long seq, string mode)
    {
        lock (_lock)
        {
            using var command = Command("UPDATE items SET status = 1, attempts = attempts + 1, mode = $mode WHERE run_id = $run AND seq = $seq AND status = 0 RETURNING attempts");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$seq", seq);
            command.Parameters.AddWithValue("$mode", mode);
            return command.ExecuteScalar() is long attempts ? (int)attempts : 0;
        }
    }

    /// <summary>Claims pending items for a batch in one commit; returns the ones claimed.</summary>
    public List<long> ClaimMany(string runId, IEnumerable<long> seqs, string mode)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = Command("UPDATE items SET status = 1, attempts = attempts + 1, mode = $mode WHERE run_id = $run AND seq = $seq AND status = 0");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$mode", mode);
            var seqParameter = command.Parameters.Add("$seq", SqliteType.Integer);
            var claimed = new List<long>();
            foreach (var seq in seqs)
            {
                seqParameter.Value = seq;
                if (command.ExecuteNonQuery() == 1)
                {
                    claimed.Add(seq);
                }
            }

            transaction.Commit();
            return claimed;
        }
    }

    /// <summary>Records a submitted batch and moves its claimed items to <see cref="RunItemStatus.Batched"/>, in one commit.</summary>
    public void SetBatch(string runId, IReadOnlyList<long> seqs, string batchId, string? keyFingerprint)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using (var batch = Command("INSERT INTO batches(run_id, batch_id, key_fingerprint, state) VALUES($run, $batch, $key, 'submitted')"))
            {
                batch.Parameters.AddWithValue("$run", runId);
                batch.Parameters.AddWithValue("$batch", batchId);
                batch.Parameters.AddWithValue("$key", (object?)keyFingerprint ?? DBNull.Value);
                batch.ExecuteNonQuery();
            }

            using var update = Command("UPDATE items SET status = 4, batch_id = $batch WHERE run_id = $run AND seq = $seq AND status = 1");
            update.Parameters.AddWithValue("$run", runId);
            update.Parameters.AddWithValue("$batch", batchId);
            var seqParameter = update.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var seq in seqs)
            {
                seqParameter.Value = seq;
                update.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public List<(string BatchId, string? KeyFingerprint)> OpenBatches(string runId)
    {
        lock (_lock)
        {
            using var command = Command("SELECT batch_id, key_fingerprint FROM batches WHERE run_id = $run AND state = 'submitted' ORDER BY batch_id");
            command.Parameters.AddWithValue("$run", runId);
            using var reader = command.ExecuteReader();
            var batches = new List<(string, string?)>();
            while (reader.Read())
            {
                batches.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }

            return batches;
        }
    }

    public void CloseBatch(string runId, string batchId)
    {
        lock (_lock)
        {
            using var command = Command("UPDATE batches SET state = 'merged' WHERE run_id = $run AND batch_id = $batch");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$batch", batchId);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Stores an item's output line and final status; false when it was not in flight or batched (already finished).</summary>
    public bool Complete(string runId, long seq, RunItemStatus status, string resultLine)
    {
        lock (_lock)
        {
            using var command = Command("UPDATE items SET status = $status, result = $result WHERE run_id = $run AND seq = $seq AND status IN (1, 4)");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$seq", seq);
            command.Parameters.AddWithValue("$status", (int)status);
            command.Parameters.AddWithValue("$result", resultLine);
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>Puts a batched item whose batch result failed back to pending, for an interactive retry.</summary>
    public void Release(string runId, long seq)
    {
        lock (_lock)
        {
            using var command = Command("UPDATE items SET status = 0, batch_id = NULL WHERE run_id = $run AND seq = $seq AND status IN (1, 4)");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$seq", seq);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
