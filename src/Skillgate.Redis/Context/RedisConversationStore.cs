using System.Text.Json;
using StackExchange.Redis;

namespace Skillgate.Context;

/// <summary>
/// The distributed store: one Redis list per conversation (its length is the version), a sorted set for listing
/// and one per scope (an id's part up to its last '/': a tenant) for listing a scope.
/// An append is a Lua script that checks the length and pushes all entries atomically. Durability is Redis's:
/// run it with <c>appendonly yes</c> and <c>appendfsync always</c> for the SQLite guarantee.
/// </summary>
internal sealed class RedisConversationStore : IConversationStore
{
    private const string AppendScript = """
        local v = redis.call('LLEN', KEYS[1])
        if v ~= tonumber(ARGV[1]) then return -1 - v end
        for i = 4, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
        redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
        return v + #ARGV - 3
        """;

    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly TimeProvider _timeProvider;

    public RedisConversationStore(IConnectionMultiplexer connection, string keyPrefix, TimeProvider timeProvider)
    {
        _database = connection.GetDatabase();
        _prefix = keyPrefix;
        _timeProvider = timeProvider;
    }

    private RedisKey Index => _prefix + "index";

    public async Task<long> AppendAsync(string conversationId, long expectedVersion, IReadOnlyList<ConversationRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var args = new RedisValue[records.Count + 3];
        args[0] = expectedVersion;
        args[1] = now;
        args[2] = conversationId;
        for (var i = 0; i < records.Count; i++)
        {
            args[i + 3] = JsonSerializer.Serialize(new StoredEntry((int)records[i].Kind, now, records[i].Json), RedisJsonContext.Default.StoredEntry);
        }

        var result = (long)await _database.ScriptEvaluateAsync(AppendScript, [Key(conversationId), Index, ScopeIndex(ConversationStores.ScopeOf(conversationId))], args).ConfigureAwait(false);
        if (result < 0)
        {
            throw new ConversationConcurrencyException(conversationId, expectedVersion, -1 - result);
        }

        return result;
    }

    public async Task<IReadOnlyList<ConversationEntry>> ReadAsync(string conversationId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await _database.ListRangeAsync(Key(conversationId), afterSequence, -1).ConfigureAwait(false);
        var entries = new List<ConversationEntry>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var stored = JsonSerializer.Deserialize((string)values[i]!, RedisJsonContext.Default.StoredEntry)!;
            entries.Add(new ConversationEntry(afterSequence + i + 1, (ConversationEntryKind)stored.Kind, stored.Json, DateTimeOffset.FromUnixTimeMilliseconds(stored.At)));
        }

        return entries;
    }

    public async Task<long> GetVersionAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await _database.ListLengthAsync(Key(conversationId)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ConversationInfo>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        cancellationToken.ThrowIfCancellationRequested();
        var members = await _database.SortedSetRangeByRankWithScoresAsync(Index, 0, limit - 1, Order.Descending).ConfigureAwait(false);
        return await InfosAsync(members).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ConversationInfo>> InfosAsync(SortedSetEntry[] members)
    {
        var lengths = members.Select(m => _database.ListLengthAsync(Key(m.Element!))).ToArray();
        await Task.WhenAll(lengths).ConfigureAwait(false);
        return members
            .Select((m, i) => new ConversationInfo(m.Element!, lengths[i].Result, DateTimeOffset.FromUnixTimeMilliseconds((long)m.Score)))
            .ToList();
    }

    public async Task<IReadOnlyList<ConversationInfo>> ListScopeAsync(string scope, int limit, string? afterId = null, CancellationToken cancellationToken = default)
    {
        ConversationStores.CheckScope(scope, limit);
        cancellationToken.ThrowIfCancellationRequested();
        var index = ScopeIndex(scope);
        long start = 0;
        if (afterId is not null)
        {
            if (ConversationStores.ScopeOf(afterId) != scope || await _database.SortedSetRankAsync(index, afterId, Order.Descending).ConfigureAwait(false) is not { } rank)
            {
                return [];
            }

            start = rank + 1;
        }

        var members = await _database.SortedSetRangeByRankWithScoresAsync(index, start, start + limit - 1, Order.Descending).ConfigureAwait(false);
        return await InfosAsync(members).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = _database.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(Key(conversationId));
        _ = transaction.SortedSetRemoveAsync(Index, conversationId);
        _ = transaction.SortedSetRemoveAsync(ScopeIndex(ConversationStores.ScopeOf(conversationId)), conversationId);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return await deleted.ConfigureAwait(false);
    }

    private RedisKey Key(string conversationId) => _prefix + "log:" + conversationId;

    // Per scope (a tenant), so that a listing page reads only that scope's conversations.
    private RedisKey ScopeIndex(string scope) => _prefix + "scope:" + scope;
}
