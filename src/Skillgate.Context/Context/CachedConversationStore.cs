namespace Skillgate.Context;

/// <summary>
/// A byte-bounded LRU cache of whole logs in front of a store. Writes go to the store first (write-through), and a
/// cached log is topped up with the entries after its version on every read, so another writer's appends are seen
/// and evicting a log loses nothing: the store still has it.
/// </summary>
internal sealed class CachedConversationStore : IConversationStore
{
    private const int EntryOverheadBytes = 96;
    private readonly IConversationStore _inner;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<CachedLog>> _logs = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedLog> _lru = new();
    private long _bytes;

    // Bumped by every delete: a read that began before one does not cache what it read (it may be the deleted log).
    private long _deletes;

    public CachedConversationStore(IConversationStore inner, long maxBytes)
    {
        _inner = inner;
        _maxBytes = maxBytes;
    }

    public long CachedBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public Task<long> AppendAsync(string conversationId, long expectedVersion, IReadOnlyList<ConversationRecord> records, CancellationToken cancellationToken = default) =>
        _inner.AppendAsync(conversationId, expectedVersion, records, cancellationToken);

    public async Task<IReadOnlyList<ConversationEntry>> ReadAsync(string conversationId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ConversationEntry[] cached;
        long deletes;
        lock (_lock)
        {
            cached = _logs.TryGetValue(conversationId, out var node) ? [.. node.Value.Entries] : [];
            deletes = _deletes;
        }

        var version = cached.Length;
        var fresh = await _inner.ReadAsync(conversationId, version, cancellationToken).ConfigureAwait(false);
        if (fresh.Count > 0 && fresh[0].Sequence != version + 1)
        {
            // The log was deleted and re-created under the same id: drop what we had.
            Remove(conversationId);
            cached = [];
            fresh = await _inner.ReadAsync(conversationId, 0, cancellationToken).ConfigureAwait(false);
        }

        var all = new List<ConversationEntry>(cached.Length + fresh.Count);
        all.AddRange(cached);
        all.AddRange(fresh);
        Store(conversationId, all, deletes);
        return all.Where(e => e.Sequence > afterSequence).ToList();
    }

    public async Task<long> GetVersionAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _inner.GetVersionAsync(conversationId, cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<ConversationInfo>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(limit, cancellationToken);

    public Task<IReadOnlyList<ConversationInfo>> ListScopeAsync(string scope, int limit, string? afterId = null, CancellationToken cancellationToken = default) =>
        _inner.ListScopeAsync(scope, limit, afterId, cancellationToken);

    public async Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        Remove(conversationId);
        try
        {
            return await _inner.DeleteAsync(conversationId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A read that overlapped the delete may have cached the log again; drop it, and stop later stores of such reads.
            lock (_lock)
            {
                _deletes++;
            }

            Remove(conversationId);
        }
    }

    private void Store(string conversationId, List<ConversationEntry> entries, long deletesAtRead)
    {
        var size = entries.Sum(e => (e.Json.Length * 2L) + EntryOverheadBytes);
        lock (_lock)
        {
            if (_deletes != deletesAtRead)
            {
                return;
            }

            if (_logs.Remove(conversationId, out var old))
            {
                _lru.Remove(old);
                _bytes -= old.Value.Bytes;
            }

            if (size > _maxBytes)
            {
                return;
            }

            _logs[conversationId] = _lru.AddFirst(new CachedLog(conversationId, entries, size));
            _bytes += size;
            while (_bytes > _maxBytes && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _logs.Remove(last.Value.Id);
                _bytes -= last.Value.Bytes;
            }
        }
    }

    private void Remove(string conversationId)
    {
        lock (_lock)
        {
            if (_logs.Remove(conversationId, out var node))
            {
                _lru.Remove(node);
                _bytes -= node.Value.Bytes;
            }
        }
    }

    private sealed record CachedLog(string Id, List<ConversationEntry> Entries, long Bytes);
}
