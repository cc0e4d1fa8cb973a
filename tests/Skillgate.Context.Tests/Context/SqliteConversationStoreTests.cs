using Skillgate.Context;
using Skillgate.Storage;

namespace Skillgate.Core.Tests.Context;

public sealed class SqliteConversationStoreTests : ConversationStoreTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IConversationStore CreateStore() =>
        ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "store.db") });

    [Fact]
    public async Task CreateSqlite_ReopenedFile_KeepsHistory()
    {
        var path = Path.Combine(_directory.Path, "reopen.db");
        var first = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = path, SynchronousFull = false });
        await first.AppendAsync("c", 0, [new ConversationRecord(ConversationEntryKind.Message, "{\"role\":\"user\",\"content\":\"x\"}")]);
        var second = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = path });
        Assert.Equal(1, await second.GetVersionAsync("c"));
    }

    public void Dispose() => _directory.Dispose();
}
