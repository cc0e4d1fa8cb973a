using Skillgate.Context;
using Skillgate.Storage;

namespace Skillgate.Core.Tests.Context;

public sealed class CachedConversationStoreTests : ConversationStoreTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IConversationStore CreateStore() =>
        ConversationStores.WithCache(ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "store.db") }), 64 * 1024);

    [Fact]
    public async Task ReadAsync_ManyConversationsOverSmallCache_EvictsWithoutLosingHistory()
    {
        var inner = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "evict.db"), SynchronousFull = false });
        var cache = (CachedConversationStore)ConversationStores.WithCache(inner, 8 * 1024);
        const int Conversations = 40;
        for (var c = 0; c < Conversations; c++)
        {
            for (var t = 0; t < 10; t++)
            {
                await cache.AppendAsync($"c{c}", t, [new ConversationRecord(ConversationEntryKind.Message, $"{{\"role\":\"user\",\"content\":\"{c}-{t}-{new string('p', 100)}\"}}")]);
                await cache.ReadAsync($"c{c}");
                Assert.True(cache.CachedBytes <= 8 * 1024);
            }
        }

        for (var c = 0; c < Conversations; c++)
        {
            var entries = await cache.ReadAsync($"c{c}");
            Assert.Equal(10, entries.Count);
            Assert.Contains($"{c}-9-", entries[^1].Json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_OtherWriterAppended_SeesTheirEntries()
    {
        var inner = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "two.db") });
        var cache = ConversationStores.WithCache(inner);
        await cache.AppendAsync("c", 0, [new ConversationRecord(ConversationEntryKind.Message, "{\"role\":\"user\",\"content\":\"a\"}")]);
        Assert.Single(await cache.ReadAsync("c"));
        await inner.AppendAsync("c", 1, [new ConversationRecord(ConversationEntryKind.Message, "{\"role\":\"assistant\",\"content\":\"b\"}")]);
        Assert.Equal(2, (await cache.ReadAsync("c")).Count);
    }

    [Fact]
    public async Task ReadAsync_OverlappingADelete_DoesNotCacheTheDeletedLog()
    {
        var inner = new GatedStore(ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "race.db") }));
        var cache = ConversationStores.WithCache(inner);
        await cache.AppendAsync("c", 0, [new ConversationRecord(ConversationEntryKind.Message, "{\"role\":\"user\",\"content\":\"secret\"}")]);

        // The read has the log from the store but has not cached it yet when the delete runs.
        inner.HoldNextRead = true;
        var read = cache.ReadAsync("c");
        await inner.ReadDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await cache.DeleteAsync("c"));
        inner.Release.SetResult();
        Assert.Single(await read);

        Assert.Empty(await cache.ReadAsync("c"));
        Assert.Equal(0, await cache.GetVersionAsync("c"));
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A store whose next read can be held after it has read, to interleave a delete deterministically.</summary>
    private sealed class GatedStore(IConversationStore inner) : IConversationStore
    {
        public bool HoldNextRead { get; set; }

        public TaskCompletionSource ReadDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<long> AppendAsync(string conversationId, long expectedVersion, IReadOnlyList<ConversationRecord> records, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(conversationId, expectedVersion, records, cancellationToken);

        public async Task<IReadOnlyList<ConversationEntry>> ReadAsync(string conversationId, long afterSequence = 0, CancellationToken cancellationToken = default)
        {
            var entries = await inner.ReadAsync(conversationId, afterSequence, cancellationToken);
            if (HoldNextRead)
            {
                HoldNextRead = false;
                ReadDone.SetResult();
                await Release.Task;
            }

            return entries;
        }

        public Task<long> GetVersionAsync(string conversationId, CancellationToken cancellationToken = default) => inner.GetVersionAsync(conversationId, cancellationToken);

        public Task<IReadOnlyList<ConversationInfo>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) => inner.ListAsync(limit, cancellationToken);

        public Task<IReadOnlyList<ConversationInfo>> ListScopeAsync(string scope, int limit, string? afterId = null, CancellationToken cancellationToken = default) =>
            inner.ListScopeAsync(scope, limit, afterId, cancellationToken);

        public Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default) => inner.DeleteAsync(conversationId, cancellationToken);
    }
}
