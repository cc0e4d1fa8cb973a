using Skillgate.Context;

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

    public void Dispose() => _directory.Dispose();
}
