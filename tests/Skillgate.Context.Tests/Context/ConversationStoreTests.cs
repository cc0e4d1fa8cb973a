using Skillgate.Context;

namespace Skillgate.Core.Tests.Context;

/// <summary>The contract of <see cref="IConversationStore"/>, run against every implementation.</summary>
public abstract class ConversationStoreTests
{
    protected abstract IConversationStore CreateStore();

    protected static string NewId() => "c-" + Guid.NewGuid().ToString("N");

    private static ConversationRecord Message(string role, string text) =>
        new(ConversationEntryKind.Message, $$"""{"role":"{{role}}","content":"{{text}}"}""");

    [Fact]
    public async Task AppendAsync_NewConversation_ReturnsVersionAndReadsBack()
    {
        var store = CreateStore();
        var id = NewId();
        var version = await store.AppendAsync(id, 0, [Message("user", "hi"), Message("assistant", "hello")]);
        Assert.Equal(2, version);
        var entries = await store.ReadAsync(id);
        Assert.Equal([1L, 2L], entries.Select(e => e.Sequence));
        Assert.Contains("hello", entries[1].Json, StringComparison.Ordinal);
        Assert.Equal(ConversationEntryKind.Message, entries[0].Kind);
        Assert.Equal(2, await store.GetVersionAsync(id));
    }

    [Fact]
    public async Task AppendAsync_StaleVersion_ThrowsAndAppendsNothing()
    {
        var store = CreateStore();
        var id = NewId();
        await store.AppendAsync(id, 0, [Message("user", "one")]);
        var error = await Assert.ThrowsAsync<ConversationConcurrencyException>(() => store.AppendAsync(id, 0, [Message("user", "two")]));
        Assert.Equal(1, error.ActualVersion);
        Assert.Equal(0, error.ExpectedVersion);
        Assert.Single(await store.ReadAsync(id));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentWriters_TurnsNeverInterleave()
    {
        var store = CreateStore();
        var id = NewId();
        const int Writers = 6;
        const int TurnsEach = 5;
        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var t = 0; t < TurnsEach; t++)
            {
                while (true)
                {
                    var version = await store.GetVersionAsync(id);
                    try
                    {
                        await store.AppendAsync(id, version, [Message("user", $"w{w}t{t}"), Message("assistant", $"w{w}t{t}")]);
                        break;
                    }
                    catch (ConversationConcurrencyException)
                    {
                        await Task.Yield();
                    }
                }
            }
        }));
        await Task.WhenAll(tasks);

        var entries = await store.ReadAsync(id);
        Assert.Equal(Writers * TurnsEach * 2, entries.Count);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        for (var i = 0; i < entries.Count; i += 2)
        {
            var tag = entries[i].Json.Split('"')[7];
            Assert.Contains("\"user\"", entries[i].Json, StringComparison.Ordinal);
            Assert.Contains($"\"{tag}\"", entries[i + 1].Json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_AfterSequence_ReturnsOnlyTheTail()
    {
        var store = CreateStore();
        var id = NewId();
        await store.AppendAsync(id, 0, [Message("user", "a"), Message("assistant", "b"), Message("user", "c")]);
        var tail = await store.ReadAsync(id, 2);
        Assert.Equal(3, Assert.Single(tail).Sequence);
    }

    [Fact]
    public async Task ReadAsync_UnknownConversation_IsEmpty()
    {
        var store = CreateStore();
        Assert.Empty(await store.ReadAsync(NewId()));
        Assert.Equal(0, await store.GetVersionAsync(NewId()));
    }

    [Fact]
    public async Task ListAsync_AfterAppends_IncludesConversationsWithVersions()
    {
        var store = CreateStore();
        var a = NewId();
        var b = NewId();
        await store.AppendAsync(a, 0, [Message("user", "a")]);
        await store.AppendAsync(b, 0, [Message("user", "b"), Message("assistant", "b")]);
        var list = await store.ListAsync(1000);
        Assert.Equal(1, list.Single(c => c.Id == a).Version);
        Assert.Equal(2, list.Single(c => c.Id == b).Version);
        Assert.Single(await store.ListAsync(1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(0));
    }

    [Fact]
    public async Task ListScopeAsync_SeveralScopes_OnlyTheScopeNewestFirstInPages()
    {
        var store = CreateStore();
        var scope = "t" + Guid.NewGuid().ToString("N")[..8] + "/";
        string[] ids = [scope + "a", scope + "b", scope + "c"];
        foreach (var id in ids)
        {
            await store.AppendAsync(id, 0, [Message("user", id)]);
            await Task.Delay(5);
        }

        await store.AppendAsync("other/" + ids[0], 0, [Message("user", "another tenant")]);
        await store.AppendAsync(scope + "sub/a", 0, [Message("user", "a deeper scope")]);
        await store.AppendAsync("plain-" + Guid.NewGuid().ToString("N"), 0, [Message("user", "no scope")]);
        await Task.Delay(5);
        await store.AppendAsync(ids[0], 1, [Message("assistant", "a again")]);

        var all = await store.ListScopeAsync(scope, 10);
        Assert.Equal([ids[0], ids[2], ids[1]], all.Select(c => c.Id));
        Assert.Equal([2L, 1L, 1L], all.Select(c => c.Version));
        Assert.True(all[0].UpdatedAt >= all[1].UpdatedAt && all[1].UpdatedAt >= all[2].UpdatedAt);

        var first = await store.ListScopeAsync(scope, 2);
        Assert.Equal([ids[0], ids[2]], first.Select(c => c.Id));
        var second = await store.ListScopeAsync(scope, 2, first[^1].Id);
        Assert.Equal([ids[1]], second.Select(c => c.Id));
        Assert.Empty(await store.ListScopeAsync(scope, 2, second[^1].Id));
        Assert.Empty(await store.ListScopeAsync(scope, 2, scope + "missing"));
        Assert.Empty(await store.ListScopeAsync(scope, 2, "other/" + ids[0]));
        Assert.Equal([scope + "sub/a"], (await store.ListScopeAsync(scope + "sub/", 10)).Select(c => c.Id));
        Assert.All(await store.ListScopeAsync(string.Empty, 100), c => Assert.DoesNotContain('/', c.Id));
        Assert.Contains(await store.ListScopeAsync(string.Empty, 100), c => c.Id.StartsWith("plain-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListScopeAsync_DeletedOrBadArguments_GoneOrRejected()
    {
        var store = CreateStore();
        var scope = "t" + Guid.NewGuid().ToString("N")[..8] + "/";
        await store.AppendAsync(scope + "a", 0, [Message("user", "a")]);
        await store.AppendAsync(scope + "b", 0, [Message("user", "b")]);

        Assert.True(await store.DeleteAsync(scope + "a"));

        Assert.Equal([scope + "b"], (await store.ListScopeAsync(scope, 10)).Select(c => c.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListScopeAsync("no-slash", 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListScopeAsync(scope, 0));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesLogAndListing()
    {
        var store = CreateStore();
        var id = NewId();
        await store.AppendAsync(id, 0, [Message("user", "a")]);
        Assert.True(await store.DeleteAsync(id));
        Assert.Empty(await store.ReadAsync(id));
        Assert.DoesNotContain(await store.ListAsync(1000), c => c.Id == id);
        Assert.False(await store.DeleteAsync(id));
        Assert.Equal(1, await store.AppendAsync(id, 0, [Message("user", "again")]));
        Assert.Contains("again", Assert.Single(await store.ReadAsync(id)).Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_UnicodeAndLargePayload_RoundTrips()
    {
        var store = CreateStore();
        var id = NewId();
        var big = new string('x', 200_000) + "会议纪要 😀";
        await store.AppendAsync(id, 0, [Message("user", big)]);
        Assert.Contains(big, Assert.Single(await store.ReadAsync(id)).Json, StringComparison.Ordinal);
    }
}
