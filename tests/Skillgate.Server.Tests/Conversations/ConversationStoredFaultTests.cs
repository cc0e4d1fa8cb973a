using System.Net;
using Skillgate.Context;
using Skillgate.Storage;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationStoredFaultTests
{
    [Fact]
    public async Task Messages_LogHoldsUnreadableBlocks_TurnStillAnsweredAndSkipsReported()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using (var first = await gateway.SendAsync(id, "What is the capital of France?"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.False(first.Headers.Contains("skillgate-context-skipped"));
        }

        // Written past every check, as a log from before turns were validated could be.
        var store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = gateway.DatabasePath });
        var key = (await store.ListAsync()).Single(c => c.Id.EndsWith("/" + id, StringComparison.Ordinal)).Id;
        var version = await store.GetVersionAsync(key);
        await store.AppendAsync(key, version, [
            new ConversationRecord(ConversationEntryKind.Message, """{"role":"user","content":[{"type":"text","text":5},{"type":"tool_result","tool_use_id":5}]}"""),
            new ConversationRecord(ConversationEntryKind.Message, """{"role":"assistant","content":[{"type":"tool_use","id":7,"name":"n","input":{}},{"type":"text","text":"Noted."}]}"""),
            new ConversationRecord(ConversationEntryKind.Message, """{"content":"no role"}"""),
        ]);

        for (var turn = 0; turn < 2; turn++)
        {
            using var next = await gateway.SendAsync(id, "And of Italy?");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal("4", Assert.Single(next.Headers.GetValues("skillgate-context-skipped")));
        }

        var history = (await gateway.GetAsync(id))["messages"]!.AsArray();
        Assert.Contains(history, m => m!["content"]!.ToJsonString() == "\"no role\"" && m["role"] is null);
    }
}
