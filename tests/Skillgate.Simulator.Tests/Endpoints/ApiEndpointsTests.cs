using System.Text.Json;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class ApiEndpointsTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorHost.StartAsync(new SimulatorOptions { Models = ["claude-a-1", "claude-b-2", "claude-c-3"], StrictModels = true });
        _client = SimTestHelpers.Client(_sim);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task CountTokens_SameAsMessageUsage()
    {
        using var count = await _client.PostAsync("/v1/messages/count_tokens",
            SimTestHelpers.Json("""{"model":"claude-a-1","messages":[{"role":"user","content":"How many tokens is this sentence?"}]}"""));
        using var message = await _client.PostMessageAsync(SimTestHelpers.Body("How many tokens is this sentence?", model: "claude-a-1"));

        var counted = (await count.ReadJsonAsync()).GetProperty("input_tokens").GetInt32();
        Assert.Equal((await message.ReadJsonAsync()).GetProperty("usage").GetProperty("input_tokens").GetInt32(), counted);
        Assert.True(counted > 3);
    }

    [Fact]
    public async Task CountTokens_UnknownStrictModel_404()
    {
        using var response = await _client.PostAsync("/v1/messages/count_tokens",
            SimTestHelpers.Json("""{"model":"claude-zzz","messages":[{"role":"user","content":"x"}]}"""));

        await SimTestHelpers.AssertErrorAsync(response, 404, "not_found_error", "claude-zzz");
    }

    [Fact]
    public async Task Models_ListPagesAndRetrieve()
    {
        var first = await (await _client.GetAsync("/v1/models?limit=2")).ReadJsonAsync();
        var second = await (await _client.GetAsync("/v1/models?limit=2&after_id=" + first.GetProperty("last_id").GetString())).ReadJsonAsync();
        using var one = await _client.GetAsync("/v1/models/claude-b-2");
        using var missing = await _client.GetAsync("/v1/models/claude-x");

        Assert.Equal(["claude-a-1", "claude-b-2"], first.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal("claude-c-3", second.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var model = await one.ReadJsonAsync();
        Assert.Equal("model", model.GetProperty("type").GetString());
        Assert.Equal("Claude B 2", model.GetProperty("display_name").GetString());
        await SimTestHelpers.AssertErrorAsync(missing, 404, "not_found_error");
    }

    [Fact]
    public async Task Batches_CreateProgressResults()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { BatchRequestMs = 250 });
        using var client = SimTestHelpers.Client(sim);
        const string body = """
            {"requests":[
              {"custom_id":"ok-1","params":{"model":"claude-a-1","max_tokens":20,"messages":[{"role":"user","content":"one"}]}},
              {"custom_id":"bad","params":{"model":"claude-a-1","messages":[{"role":"user","content":"no max tokens"}]}},
              {"custom_id":"fail","params":{"model":"claude-a-1","max_tokens":20,"messages":[{"role":"user","content":"x [[sim:fault=529]]"}]}},
              {"custom_id":"ok-2","params":{"model":"claude-a-1","max_tokens":20,"messages":[{"role":"user","content":"two"}]}}]}
            """;

        var created = await (await client.PostAsync("/v1/messages/batches", SimTestHelpers.Json(body))).ReadJsonAsync();
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("msgbatch_01", id, StringComparison.Ordinal);
        Assert.Equal("in_progress", created.GetProperty("processing_status").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("results_url").ValueKind);
        using var early = await client.GetAsync($"/v1/messages/batches/{id}/results");
        await SimTestHelpers.AssertErrorAsync(early, 400, "invalid_request_error");

        JsonElement batch;
        var sawPartial = false;
        do
        {
            await Task.Delay(10);
            batch = await (await client.GetAsync($"/v1/messages/batches/{id}")).ReadJsonAsync();
            var counts = batch.GetProperty("request_counts");
            var done = counts.GetProperty("succeeded").GetInt32() + counts.GetProperty("errored").GetInt32();
            sawPartial |= done is > 0 and < 4;
        }
        while (batch.GetProperty("processing_status").GetString() != "ended");

        Assert.True(sawPartial);
        Assert.Equal(2, batch.GetProperty("request_counts").GetProperty("succeeded").GetInt32());
        Assert.Equal(2, batch.GetProperty("request_counts").GetProperty("errored").GetInt32());
        Assert.EndsWith($"/v1/messages/batches/{id}/results", batch.GetProperty("results_url").GetString(), StringComparison.Ordinal);
        var lines = (await client.GetStringAsync($"/v1/messages/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var results = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("custom_id").GetString()!, r => r.GetProperty("result"));
        Assert.Equal("succeeded", results["ok-1"].GetProperty("type").GetString());
        Assert.Equal("message", results["ok-1"].GetProperty("message").GetProperty("type").GetString());
        Assert.Equal("errored", results["bad"].GetProperty("type").GetString());
        Assert.Contains("max_tokens", results["bad"].GetProperty("error").GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("overloaded_error", results["fail"].GetProperty("error").GetProperty("error").GetProperty("type").GetString());

        var list = await (await client.GetAsync("/v1/messages/batches?limit=1")).ReadJsonAsync();
        Assert.Equal(id, list.GetProperty("first_id").GetString());
        using var deleted = await client.DeleteAsync($"/v1/messages/batches/{id}");
        Assert.Equal("message_batch_deleted", (await deleted.ReadJsonAsync()).GetProperty("type").GetString());
        using var gone = await client.GetAsync($"/v1/messages/batches/{id}");
        await SimTestHelpers.AssertErrorAsync(gone, 404, "not_found_error");
    }

    [Fact]
    public async Task Batches_Cancel_EndsWithCanceledCounts()
    {
        await using var slow = await SimulatorHost.StartAsync(new SimulatorOptions { BatchRequestMs = 60_000 });
        using var client = SimTestHelpers.Client(slow);
        var requests = string.Join(',', Enumerable.Range(0, 3).Select(i =>
            $$$"""{"custom_id":"r{{{i}}}","params":{"model":"claude-a","max_tokens":5,"messages":[{"role":"user","content":"x"}]}}"""));

        var created = await (await client.PostAsync("/v1/messages/batches", SimTestHelpers.Json($$"""{"requests":[{{requests}}]}"""))).ReadJsonAsync();
        var id = created.GetProperty("id").GetString();
        var canceling = await (await client.PostAsync($"/v1/messages/batches/{id}/cancel", null)).ReadJsonAsync();

        Assert.Equal("canceling", canceling.GetProperty("processing_status").GetString());
        Assert.NotEqual(JsonValueKind.Null, canceling.GetProperty("cancel_initiated_at").ValueKind);
    }

    [Theory]
    [InlineData("""{"requests":[]}""", "requests")]
    [InlineData("""{"requests":[{"params":{}}]}""", "custom_id")]
    [InlineData("""{"requests":[{"custom_id":"a","params":{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}]}},{"custom_id":"a","params":{}}]}""", "Duplicate")]
    public async Task Batches_BadCreate_400(string body, string expected)
    {
        using var response = await _client.PostAsync("/v1/messages/batches", SimTestHelpers.Json(body));

        await SimTestHelpers.AssertErrorAsync(response, 400, "invalid_request_error", expected);
    }

    [Fact]
    public async Task SimStats_OverHttp_CountsTokensAndResets()
    {
        using var message = await _client.PostMessageAsync(SimTestHelpers.Body("count me [[sim:tokens=7]]", model: "claude-a-1", stream: true));
        await message.Content.ReadAsStringAsync();

        var stats = JsonSerializer.Deserialize<SimulatorStats>(await _client.GetStringAsync("/sim/stats"))!;
        Assert.Equal(1, stats.Requests);
        Assert.Equal(1, stats.StreamingRequests);
        Assert.Equal(7, stats.OutputTokens);
        Assert.Equal(7, stats.Keys[0].OutputTokens);
        Assert.True(stats.InputTokens > 0);

        using var reset = await _client.PostAsync("/sim/stats/reset", null);
        Assert.Equal(0, (await reset.ReadJsonAsync()).GetProperty("requests").GetInt64());
    }
}
