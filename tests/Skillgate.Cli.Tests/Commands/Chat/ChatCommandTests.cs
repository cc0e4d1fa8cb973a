using Microsoft.Data.Sqlite;
using Skillgate.Context;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Chat;

public sealed class ChatCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "skillgate-chat-" + Guid.NewGuid().ToString("N"));

    public ChatCommandTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task RunAsync_ChatOfflineWithAttachment_PersistsTurnsAndShowsBudget()
    {
        var database = Path.Combine(_directory, "chat.db");
        var csv = Path.Combine(_directory, "orders.csv");
        await File.WriteAllTextAsync(csv, "order,amount\nA-1,10\nA-2,20\n");
        var console = new TestConsole().Interactive();
        console.Input.PushTextWithEnter("Which orders are in the file?");
        console.Input.PushTextWithEnter("And the total?");
        console.Input.PushTextWithEnter("/exit");

        var exitCode = await SkillgateApp.RunAsync(["chat", "--offline", "--db", database, "--conversation", "t1", "--attach", csv, "--window", "20000"], console);

        Assert.Equal(0, exitCode);
        Assert.Contains("simulator", console.Output, StringComparison.Ordinal);
        Assert.Contains("attached orders.csv", console.Output, StringComparison.Ordinal);
        Assert.Contains("claude>", console.Output, StringComparison.Ordinal);
        Assert.Contains("of 18,576 tokens", console.Output, StringComparison.Ordinal);
        var store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = database });
        var entries = await store.ReadAsync("t1");
        Assert.Equal(4, entries.Count(e => e.Kind == ConversationEntryKind.Message));
        Assert.Single(entries, e => e.Kind == ConversationEntryKind.Document);

        var again = new TestConsole().Interactive();
        again.Input.PushTextWithEnter("One more question.");
        Assert.Equal(0, await SkillgateApp.RunAsync(["chat", "--offline", "--db", database, "--conversation", "t1"], again));
        Assert.Contains("5 entries", again.Output, StringComparison.Ordinal);
        Assert.Equal(6, (await store.ReadAsync("t1")).Count(e => e.Kind == ConversationEntryKind.Message));
    }

    [Fact]
    public async Task RunAsync_AttachUnreadableFile_FailsWithMessage()
    {
        var bad = Path.Combine(_directory, "bad.txt");
        await File.WriteAllBytesAsync(bad, [0x61, 0xC3, 0x28]);
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["chat", "--offline", "--db", Path.Combine(_directory, "x.db"), "--attach", bad], console);

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot attach", console.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
