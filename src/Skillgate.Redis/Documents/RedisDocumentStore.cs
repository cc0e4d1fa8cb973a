using Skillgate.Tokens;
using StackExchange.Redis;

namespace Skillgate.Documents;

/// <summary>Stores converted documents in Redis, one hash per content hash, written only if absent.</summary>
internal sealed class RedisDocumentStore : IDocumentStore
{
    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly ITokenEstimator _estimator;

    public RedisDocumentStore(IConnectionMultiplexer connection, string keyPrefix, ITokenEstimator estimator)
    {
        _database = connection.GetDatabase();
        _prefix = keyPrefix;
        _estimator = estimator;
    }

    public async Task<StoredDocument> PutAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default)
    {
        var hash = DocumentConversion.HashOf(content.Span);
        if (await GetAsync(hash, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var document = DocumentConversion.Convert(hash, content, fileName, _estimator);

        // HSETNX on "name" decides the first writer; only it writes the rest, so concurrent uploads store once.
        var key = Key(hash);
        if (await _database.HashSetAsync(key, "name", document.Name, When.NotExists).ConfigureAwait(false))
        {
            await _database.HashSetAsync(key, [new("media_type", document.MediaType), new("text", document.Text), new("tokens", document.Tokens)]).ConfigureAwait(false);
            if (DocumentConversion.KeepsContent(document.MediaType))
            {
                await _database.HashSetAsync(key, "content", content).ConfigureAwait(false);
            }
            return document;
        }

        return await GetAsync(hash, cancellationToken).ConfigureAwait(false) ?? document;
    }

    public async Task<StoredDocument?> GetAsync(string hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await _database.HashGetAsync(Key(hash), ["name", "media_type", "text", "tokens"]).ConfigureAwait(false);
        return values[2].IsNull
            ? null
            : new StoredDocument(hash, values[0]!, values[1]!, values[2]!, (int)values[3]);
    }

    public async Task<byte[]?> GetContentAsync(string hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await _database.HashGetAsync(Key(hash), "content").ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }

    private RedisKey Key(string hash) => _prefix + "doc:" + hash;
}
