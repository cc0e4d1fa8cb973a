using Skillgate.Storage;
using Skillgate.Tokens;

namespace Skillgate.Documents;

/// <summary>Stores converted documents in the SQLite file beside the conversations (<c>INSERT OR IGNORE</c> by hash).</summary>
internal sealed class SqliteDocumentStore : IDocumentStore
{
    private readonly SqliteDatabase _database;
    private readonly ITokenEstimator _estimator;
    private readonly TimeProvider _timeProvider;

    public SqliteDocumentStore(SqliteDatabase database, ITokenEstimator estimator, TimeProvider timeProvider)
    {
        _database = database;
        _estimator = estimator;
        _timeProvider = timeProvider;
    }

    public async Task<StoredDocument> PutAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default)
    {
        var hash = DocumentConversion.HashOf(content.Span);
        if (await GetAsync(hash, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var document = DocumentConversion.Convert(hash, content, fileName, _estimator);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO documents(hash, name, media_type, text, tokens, created_at, content)
            VALUES($hash, $name, $type, $text, $tokens, $at, $content)
            """;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$name", document.Name);
        command.Parameters.AddWithValue("$type", document.MediaType);
        command.Parameters.AddWithValue("$text", document.Text);
        command.Parameters.AddWithValue("$tokens", document.Tokens);
        command.Parameters.AddWithValue("$at", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$content", DocumentConversion.KeepsContent(document.MediaType) ? content.ToArray() : DBNull.Value);
        command.ExecuteNonQuery();

        // A concurrent upload of the same bytes may have won: return what is stored.
        return await GetAsync(hash, cancellationToken).ConfigureAwait(false) ?? document;
    }

    public Task<StoredDocument?> GetAsync(string hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, media_type, text, tokens FROM documents WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new StoredDocument(hash, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3))
            : null);
    }

    public Task<byte[]?> GetContentAsync(string hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM documents WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash);
        return Task.FromResult(command.ExecuteScalar() as byte[]);
    }
}
