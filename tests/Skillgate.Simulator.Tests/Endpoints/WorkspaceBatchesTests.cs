using System.Text.Json;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class WorkspaceBatchesTests : IAsyncLifetime
{
    private const string Body = """
        {"requests":[{"custom_id":"one","params":{"model":"claude-sonnet-4-5","max_tokens":20,"messages":[{"role":"user","content":"hi"}]}}]}
        """;

    private SimulatorHost _sim = null!;
    private HttpClient _a = null!;
    private HttpClient _a2 = null!;
    private HttpClient _b = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorHost.StartAsync(WorkspaceOptions.TwoWorkspaces(batchRequestMs: 0));
        _a = SimTestHelpers.Client(_sim, WorkspaceOptions.KeyA);
        _a2 = SimTestHelpers.Client(_sim, WorkspaceOptions.KeyA2);
        _b = SimTestHelpers.Client(_sim, WorkspaceOptions.KeyB);
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _a2.Dispose();
        _b.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Retrieve_OtherWorkspace_404NotFound()
    {
        var id = await CreateAsync(_a);

        using var own = await _a.GetAsync($"/v1/messages/batches/{id}");
        using var other = await _b.GetAsync($"/v1/messages/batches/{id}");

        Assert.Equal(200, (int)own.StatusCode);
        Assert.Equal(id, (await own.ReadJsonAsync()).GetProperty("id").GetString());
        await SimTestHelpers.AssertErrorAsync(other, 404, "not_found_error", id);
    }

    [Fact]
    public async Task ResultsCancelDelete_OtherWorkspace_404AndBatchUntouched()
    {
        var id = await CreateAsync(_a);

        using var results = await _b.GetAsync($"/v1/messages/batches/{id}/results");
        using var cancel = await _b.PostAsync($"/v1/messages/batches/{id}/cancel", null);
        using var delete = await _b.DeleteAsync($"/v1/messages/batches/{id}");

        await SimTestHelpers.AssertErrorAsync(results, 404, "not_found_error");
        await SimTestHelpers.AssertErrorAsync(cancel, 404, "not_found_error");
        await SimTestHelpers.AssertErrorAsync(delete, 404, "not_found_error");
        var batch = await (await _a.GetAsync($"/v1/messages/batches/{id}")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("cancel_initiated_at").ValueKind);
        using var ownResults = await _a.GetAsync($"/v1/messages/batches/{id}/results");
        Assert.Equal(200, (int)ownResults.StatusCode);
        Assert.Contains("\"one\"", await ownResults.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersWorkspace()
    {
        var fromA = await CreateAsync(_a);
        var fromB = await CreateAsync(_b);

        var listA = await (await _a.GetAsync("/v1/messages/batches?limit=1000")).ReadJsonAsync();
        var listB = await (await _b.GetAsync("/v1/messages/batches?limit=1000")).ReadJsonAsync();

        Assert.Contains(fromA, Ids(listA));
        Assert.DoesNotContain(fromB, Ids(listA));
        Assert.Equal([fromB], Ids(listB));
        Assert.Equal(fromB, listB.GetProperty("first_id").GetString());
        Assert.Equal(fromB, listB.GetProperty("last_id").GetString());
        Assert.False(listB.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task List_PagesWithinTheWorkspace()
    {
        string[] created = [await CreateAsync(_a2), await CreateAsync(_b), await CreateAsync(_a2), await CreateAsync(_a2)];

        var mine = Ids(await (await _a2.GetAsync("/v1/messages/batches?limit=1000")).ReadJsonAsync());
        var first = await (await _a2.GetAsync("/v1/messages/batches?limit=2")).ReadJsonAsync();
        var next = await (await _a2.GetAsync("/v1/messages/batches?limit=2&after_id=" + first.GetProperty("last_id").GetString())).ReadJsonAsync();
        var back = await (await _a2.GetAsync("/v1/messages/batches?limit=2&before_id=" + next.GetProperty("first_id").GetString())).ReadJsonAsync();

        Assert.DoesNotContain(created[1], mine);
        Assert.Equal([created[3], created[2]], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(mine.Skip(2).Take(2), Ids(next));
        Assert.Equal(Ids(first), Ids(back));
    }

    [Fact]
    public async Task SameWorkspace_KeysShareBatches()
    {
        var id = await CreateAsync(_a);

        using var other = await _a2.GetAsync($"/v1/messages/batches/{id}");
        var list = await (await _a2.GetAsync("/v1/messages/batches?limit=1000")).ReadJsonAsync();
        using var deleted = await _a2.DeleteAsync($"/v1/messages/batches/{id}");
        using var gone = await _a.GetAsync($"/v1/messages/batches/{id}");

        Assert.Equal(200, (int)other.StatusCode);
        Assert.Contains(id, Ids(list));
        Assert.Equal("message_batch_deleted", (await deleted.ReadJsonAsync()).GetProperty("type").GetString());
        await SimTestHelpers.AssertErrorAsync(gone, 404, "not_found_error");
    }

    [Fact]
    public async Task Batches_WithoutKey_401()
    {
        var id = await CreateAsync(_a);
        using var anonymous = SimTestHelpers.Client(_sim, key: null);

        using var response = await anonymous.GetAsync($"/v1/messages/batches/{id}");

        await SimTestHelpers.AssertErrorAsync(response, 401, "authentication_error");
    }

    private static async Task<string> CreateAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/v1/messages/batches", SimTestHelpers.Json(Body));
        Assert.Equal(200, (int)response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    private static string[] Ids(JsonElement list) =>
        list.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToArray();
}
