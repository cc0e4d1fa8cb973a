using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic.Core;
using Anthropic.Models.Beta.Files;
using Skillgate.Upstream;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Anthropic.Models.Messages.Batches;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Hosting;
using Skillgate.Server.Ownership;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Relay;

/// <summary>
/// Upstream objects belong to the key that created them and to the tenant that asked: two upstream keys in two
/// simulator workspaces (a batch of one is 404 for the other, as on the real API) behind one gateway, driven by the
/// official SDK as two tenants.
/// </summary>
public sealed class ObjectAffinityTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-5";
    private const string KeyA = "sk-ws-a-0123456789";
    private const string KeyB = "sk-ws-b-0123456789";
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"skillgate-affinity-{Guid.NewGuid():N}.db");
    private SimulatorHost _simulator = null!;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        var options = new SimulatorOptions { BatchRequestMs = 1 };
        options.Keys.Add(new SimulatorKeyOptions { Key = KeyA, Workspace = "ws-a" });
        options.Keys.Add(new SimulatorKeyOptions { Key = KeyB, Workspace = "ws-b" });
        _simulator = await SimulatorHost.StartAsync(options);
        _gateway = await StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _simulator.DisposeAsync();
        foreach (var file in new[] { _store, _store + "-wal", _store + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Batches_TwoWorkspaces_EveryCallReachesTheCreatingKey()
    {
        var client = Client("tenant-a-key");
        var created = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var batch = await client.Messages.Batches.Create(new BatchCreateParams { Requests = Requests(2) });

            // Round robin over two workspaces: without affinity every other retrieve is a 404.
            var retrieved = await client.Messages.Batches.Retrieve(batch.ID);
            Assert.Equal(batch.ID, retrieved.ID);
            created.Add(batch.ID);
        }

        // Both keys created batches: the pins are not just "always key A".
        var owners = _gateway!.Services.GetRequiredService<ObjectOwners>();
        var keys = new HashSet<string>();
        foreach (var id in created)
        {
            keys.Add((await owners.FindAsync(id, CancellationToken.None))!.KeyFingerprint);
        }

        Assert.Equal(2, keys.Count);

        foreach (var id in created)
        {
            var results = await ResultsAsync(client, await EndedAsync(client, id));
            Assert.Equal(["req-0", "req-1"], results);
        }

        var listed = (await client.Messages.Batches.List(new BatchListParams { Limit = 100 })).Items.Select(b => b.ID).ToList();

        Assert.Equal(created.Order(), listed.Order());

        var pending = await client.Messages.Batches.Create(new BatchCreateParams { Requests = Requests(1) });
        var canceled = await client.Messages.Batches.Cancel(pending.ID);
        Assert.Equal(pending.ID, canceled.ID);
    }

    [Fact]
    public async Task Batches_GatewayRestartedBetweenCreateAndResults_StillReachTheCreatingKey()
    {
        var client = Client("tenant-a-key");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await client.Messages.Batches.Create(new BatchCreateParams { Requests = Requests(1) })).ID);
        }

        await _gateway!.DisposeAsync();
        _gateway = await StartGatewayAsync();
        client = Client("tenant-a-key");

        foreach (var id in ids)
        {
            Assert.Equal(["req-0"], await ResultsAsync(client, await EndedAsync(client, id)));
        }
    }

    [Fact]
    public async Task Batches_AnotherTenant_GetsNotFoundAndAnEmptyList()
    {
        var owner = Client("tenant-a-key");
        var other = Client("tenant-b-key");
        var batch = await owner.Messages.Batches.Create(new BatchCreateParams { Requests = Requests(1) });
        await EndedAsync(owner, batch.ID);

        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => other.Messages.Batches.Retrieve(batch.ID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => other.Messages.Batches.Cancel(batch.ID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(async () =>
        {
            await foreach (var _ in other.Messages.Batches.ResultsStreaming(batch.ID))
            {
            }
        });

        var page = await other.Messages.Batches.List(new BatchListParams { Limit = 100 });
        Assert.Empty(page.Items);

        // The owner still sees it, and the upstream never heard of the other tenant's attempts as a different key.
        Assert.Equal(batch.ID, (await owner.Messages.Batches.Retrieve(batch.ID)).ID);
    }

    [Fact]
    public async Task BatchList_PageCursor_ContinuesOnTheCursorsKeyForItsTenantOnly()
    {
        var owner = Client("tenant-a-key");
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await owner.Messages.Batches.Create(new BatchCreateParams { Requests = Requests(1) })).ID);
        }

        var owners = _gateway!.Services.GetRequiredService<ObjectOwners>();
        var cursorKey = (await owners.FindAsync(ids[^1], CancellationToken.None))!.KeyFingerprint;
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };

        // Without the pin, the cursor would reach the other workspace every other time and answer its 404.
        for (var i = 0; i < 4; i++)
        {
            using var page = await http.SendAsync(Get($"/v1/messages/batches?limit=100&after_id={ids[^1]}", "tenant-a-key"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var listed = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement.GetProperty("data").EnumerateArray()
                .Select(b => b.GetProperty("id").GetString()!).ToList();
            Assert.NotEmpty(listed);
            foreach (var id in listed)
            {
                Assert.Equal(cursorKey, (await owners.FindAsync(id, CancellationToken.None))!.KeyFingerprint);
            }
        }

        using var foreign = await http.SendAsync(Get($"/v1/messages/batches?after_id={ids[^1]}", "tenant-b-key"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task CountTokensAndModels_TwoWorkspaces_AllSucceed()
    {
        var client = Client("tenant-a-key");
        for (var i = 0; i < 6; i++)
        {
            var counted = await client.Messages.CountTokens(new MessageCountTokensParams
            {
                Model = Model,
                Messages = [new MessageParam(new UserMessageParam("Hello there, how are you today?"))],
            });
            Assert.True(counted.InputTokens > 0);
            var models = await client.Models.List();
            Assert.NotEmpty(models.Items);
        }
    }

    [Fact]
    public async Task Files_TwoWorkspacesTwoTenants_PinnedToTheCreatingKeyAndHiddenFromOthers()
    {
        var owner = Client("tenant-a-key");
        var other = Client("tenant-b-key");
        var bytes = Encoding.UTF8.GetBytes("quarterly numbers\n1,2,3\n");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var uploaded = await owner.Beta.Files.Upload(new FileUploadParams
            {
                File = new BinaryContent { Stream = new MemoryStream(bytes), FileName = $"report-{i}.csv", ContentType = new("text/csv") },
            });
            ids.Add(uploaded.ID);

            // Without affinity, every other call would land in the other workspace and answer 404.
            Assert.Equal(uploaded.ID, (await owner.Beta.Files.RetrieveMetadata(uploaded.ID)).ID);
            using var download = await owner.Beta.Files.Download(uploaded.ID);
            using var content = new MemoryStream();
            await (await download.ReadAsStream()).CopyToAsync(content);
            Assert.Equal(bytes, content.ToArray());
        }

        Assert.Equal(ids.Order(), (await owner.Beta.Files.List()).Items.Select(f => f.ID).Order());
        Assert.Empty((await other.Beta.Files.List()).Items);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => other.Beta.Files.RetrieveMetadata(ids[0]));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => other.Beta.Files.Download(ids[0]));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => other.Beta.Files.Delete(ids[0]));

        Assert.Equal(ids[0], (await owner.Beta.Files.Delete(ids[0])).ID);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => owner.Beta.Files.RetrieveMetadata(ids[0]));
    }

    [Fact]
    public async Task Messages_NamingAFile_GoToTheFilesKey_AndAnotherTenantsFileIsNotFound()
    {
        var owner = Client("tenant-a-key");
        var uploaded = await owner.Beta.Files.Upload(new FileUploadParams
        {
            File = new BinaryContent { Stream = new MemoryStream(Encoding.UTF8.GetBytes("notes")), FileName = "notes.txt", ContentType = new("text/plain") },
        });
        var owners = _gateway!.Services.GetRequiredService<ObjectOwners>();
        var key = (await owners.FindAsync(uploaded.ID, CancellationToken.None))!.KeyFingerprint;
        var index = key == new UpstreamSecret(KeyA).Fingerprint ? 0 : 1;
        Assert.Equal(key, new UpstreamSecret(index == 0 ? KeyA : KeyB).Fingerprint);
        var before = _simulator.GetStats().Keys.Select(k => k.Requests).ToArray();

        var body = $$$"""{"model":"{{{Model}}}","max_tokens":16,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"file","file_id":"{{{uploaded.ID}}}"}},{"type":"text","text":"Summarize."}]}]}""";
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        for (var i = 0; i < 6; i++)
        {
            using var answer = await http.SendAsync(Post(body, "tenant-a-key"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var after = _simulator.GetStats().Keys.Select(k => k.Requests).ToArray();
        Assert.Equal(6, after[index] - before[index]);
        Assert.Equal(0, after[1 - index] - before[1 - index]);

        using var foreign = await http.SendAsync(Post(body, "tenant-b-key"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Contains("not_found_error", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(after, _simulator.GetStats().Keys.Select(k => k.Requests).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Messages_ReusingAContainer_GoToItsKey_AndAnotherTenantsContainerIsNotFound(bool stream)
    {
        using var http = new HttpClient { BaseAddress = _gateway!.BaseAddress };
        const string Tools = "\"tools\":[{\"type\":\"code_execution_20250825\",\"name\":\"code_execution\"}]";
        var first = $$$"""{"model":"{{{Model}}}","max_tokens":64,"stream":{{{(stream ? "true" : "false")}}},{{{Tools}}},"container":{"skills":[{"type":"anthropic","skill_id":"pdf","version":"latest"}]},"messages":[{"role":"user","content":"Read the PDF skill."}]}""";
        using var created = await http.SendAsync(Post(first, "tenant-a-key"));
        var text = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var container = System.Text.RegularExpressions.Regex.Match(text, "\"container\":\\{\"id\":\"(container_[^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("container_", container, StringComparison.Ordinal);

        // The gateway recorded the container before the caller could name it again, with the key that served it.
        var owned = await _gateway.Services.GetRequiredService<ObjectOwners>().FindAsync(container, CancellationToken.None);
        Assert.Equal(("a", ObjectKinds.Container), (owned!.Tenant, owned.Kind));
        var again = $$$"""{"model":"{{{Model}}}","max_tokens":64,{{{Tools}}},"container":"{{{container}}}","messages":[{"role":"user","content":"Again."}]}""";
        for (var i = 0; i < 6; i++)
        {
            // Round robin over two workspaces: without the pin, every other call names a container its key cannot see.
            using var reused = await http.SendAsync(Post(again, "tenant-a-key"));
            Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
            Assert.Contains(container, await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var foreign = await http.SendAsync(Post(again, "tenant-b-key"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // The file the skill produced lives in the same workspace: downloadable through the gateway by its tenant only.
        var file = System.Text.RegularExpressions.Regex.Match(text, "\"file_id\":\"(file_[^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("file_", file, StringComparison.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            using var download = await http.SendAsync(Get($"/v1/files/{file}/content", "tenant-a-key"));
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Contains(container, await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var stolen = await http.SendAsync(Get($"/v1/files/{file}/content", "tenant-b-key"));
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
    }

    private static HttpRequestMessage Get(string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    private static HttpRequestMessage Post(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    private AnthropicClient Client(string key) =>
        new() { BaseUrl = _gateway!.BaseAddress.ToString().TrimEnd('/'), ApiKey = key, MaxRetries = 0 };

    private async Task<GatewayHost> StartGatewayAsync()
    {
        var options = new GatewayOptions { Port = 0, ListenAddress = "127.0.0.1" };
        options.Upstream.BaseUrl = _simulator.BaseAddress;
        options.Upstream.Keys.Add(KeyA);
        options.Upstream.Keys.Add(KeyB);
        options.Conversations.Store = _store;
        options.ClientKeys.Add(new ClientKeyOptions { Key = "tenant-a-key", Tenant = "a" });
        options.ClientKeys.Add(new ClientKeyOptions { Key = "tenant-b-key", Tenant = "b" });
        return await GatewayHost.StartAsync(options);
    }

    private static List<Request> Requests(int count) => [.. Enumerable.Range(0, count).Select(i => new Request
    {
        CustomID = $"req-{i}",
        Params = new Params { Model = Model, MaxTokens = 20, Messages = [new MessageParam(new UserMessageParam($"Item {i}"))] },
    })];

    private static async Task<string> EndedAsync(AnthropicClient client, string id)
    {
        var clock = Stopwatch.StartNew();
        var batch = await client.Messages.Batches.Retrieve(id);
        while (batch.ProcessingStatus.Raw() != "ended")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "batch did not end in 20 s");
            await Task.Delay(20);
            batch = await client.Messages.Batches.Retrieve(id);
        }

        return id;
    }

    private static async Task<string[]> ResultsAsync(AnthropicClient client, string id)
    {
        var ids = new List<string>();
        await foreach (var result in client.Messages.Batches.ResultsStreaming(id))
        {
            Assert.True(result.Result.TryPickSucceeded(out _));
            ids.Add(result.CustomID);
        }

        return [.. ids.Order()];
    }
}
