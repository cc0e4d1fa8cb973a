using System.Text;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Files;
using Skillgate.Simulator.Tests.Endpoints;

namespace Skillgate.Simulator.Tests.Fidelity;

/// <summary>The official SDK's beta Files API (<c>client.Beta.Files</c>) against the simulator, with keys in two
/// workspaces.</summary>
public sealed class FilesSdkTests : IAsyncLifetime
{
    private static readonly byte[] Bytes = Encoding.UTF8.GetBytes("quarterly numbers\n1,2,3\n");

    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync(WorkspaceOptions.TwoWorkspaces());

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private AnthropicClient Client(string key) => new()
    {
        BaseUrl = _sim.BaseAddress.ToString().TrimEnd('/'),
        ApiKey = key,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static Task<BetaFileMetadata> UploadAsync(AnthropicClient client, string name = "report.csv") =>
        client.Beta.Files.Upload(new FileUploadParams
        {
            File = new BinaryContent { Stream = new MemoryStream(Bytes), FileName = name, ContentType = new("text/csv") },
        });

    [Fact]
    public async Task Upload_ThenMetadataListDownloadDelete_SameWorkspace()
    {
        var a = Client(WorkspaceOptions.KeyA);

        var uploaded = await UploadAsync(a);
        var metadata = await a.Beta.Files.RetrieveMetadata(uploaded.ID);
        var page = await a.Beta.Files.List();
        using var download = await a.Beta.Files.Download(uploaded.ID);
        using var content = new MemoryStream();
        await (await download.ReadAsStream()).CopyToAsync(content);
        var deleted = await a.Beta.Files.Delete(uploaded.ID);

        Assert.StartsWith("file_", uploaded.ID, StringComparison.Ordinal);
        Assert.Equal("report.csv", uploaded.Filename);
        Assert.Equal("text/csv", uploaded.MimeType);
        Assert.Equal(Bytes.Length, uploaded.SizeBytes);
        Assert.True(uploaded.Downloadable);
        Assert.Equal(uploaded.ID, metadata.ID);
        Assert.Equal(uploaded.CreatedAt, metadata.CreatedAt);
        Assert.Equal([uploaded.ID], page.Items.Select(f => f.ID));
        Assert.Equal(Bytes, content.ToArray());
        Assert.Equal("wrkspc_a", download.WorkspaceID);
        Assert.Equal(uploaded.ID, deleted.ID);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => a.Beta.Files.RetrieveMetadata(uploaded.ID));
        Assert.Empty((await a.Beta.Files.List()).Items);
    }

    [Fact]
    public async Task OtherWorkspace_NotFoundAndEmptyList()
    {
        var a = Client(WorkspaceOptions.KeyA);
        var b = Client(WorkspaceOptions.KeyB);
        var uploaded = await UploadAsync(a);

        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => b.Beta.Files.RetrieveMetadata(uploaded.ID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => b.Beta.Files.Download(uploaded.ID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => b.Beta.Files.Delete(uploaded.ID));
        Assert.Empty((await b.Beta.Files.List()).Items);
        Assert.Equal(uploaded.ID, (await a.Beta.Files.RetrieveMetadata(uploaded.ID)).ID);
    }

    [Fact]
    public async Task SameWorkspace_SecondKeySeesAndDeletes()
    {
        var a = Client(WorkspaceOptions.KeyA);
        var a2 = Client(WorkspaceOptions.KeyA2);
        var uploaded = await UploadAsync(a);

        Assert.Equal([uploaded.ID], (await a2.Beta.Files.List()).Items.Select(f => f.ID));
        await a2.Beta.Files.Delete(uploaded.ID);

        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => a.Beta.Files.RetrieveMetadata(uploaded.ID));
    }

    [Fact]
    public async Task List_PagesThroughEveryFile()
    {
        var a = Client(WorkspaceOptions.KeyA);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await UploadAsync(a, $"f{i}.csv")).ID);
        }

        var first = await a.Beta.Files.List(new FileListParams { Limit = 2 });
        var seen = new List<string>();
        await foreach (var file in first.Paginate())
        {
            seen.Add(file.ID);
        }

        Assert.Equal(2, first.Items.Count);
        Assert.True(first.HasNext());
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }
}
