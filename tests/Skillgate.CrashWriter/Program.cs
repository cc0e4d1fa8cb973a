using Skillgate.Context;
using Skillgate.Storage;

// Usage: Skillgate.CrashWriter <database path> <conversation id>
// Appends user/assistant pairs forever; prints "ack <version>" after each append has returned.
var store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = args[0] });
var id = args[1];
var version = await store.GetVersionAsync(id);
var stdout = Console.Out;
while (true)
{
    var turn = version / 2;
    version = await store.AppendAsync(
        id,
        version,
        [
            new ConversationRecord(ConversationEntryKind.Message, $$"""{"role":"user","content":"question {{turn}}"}"""),
            new ConversationRecord(ConversationEntryKind.Message, $$"""{"role":"assistant","content":"answer {{turn}}"}"""),
        ]);
    stdout.WriteLine($"ack {version}");
    stdout.Flush();
}
