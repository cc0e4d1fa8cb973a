using System.IO.Compression;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Skills;
using Anthropic.Models.Beta.Skills.Versions;
using Skillgate.Simulator.Tests.Endpoints;
using Skillgate.Simulator.Tests.Skills;

namespace Skillgate.Simulator.Tests.Fidelity;

/// <summary>The official SDK's beta Skills API (<c>client.Beta.Skills</c>, <c>.Versions</c>) against the simulator on a
/// loopback port, with keys in two workspaces.</summary>
public sealed class SkillsSdkTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync(WorkspaceOptions.TwoWorkspaces());

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private AnthropicClient Client(string key = WorkspaceOptions.KeyA) => new()
    {
        BaseUrl = _sim.BaseAddress.ToString().TrimEnd('/'),
        ApiKey = key,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static Task<BetaSkill> CreateAsync(AnthropicClient client, string name = "quarterly-report", string? title = "Quarterly report") =>
        client.Beta.Skills.Create(new SkillCreateParams { DisplayName = title, Files = SkillFolders.Skill(name) });

    [Fact]
    public async Task Create_FolderUpload_ReturnsSkillWithLatestVersion()
    {
        var client = Client();

        var skill = await CreateAsync(client);
        var version = await client.Beta.Skills.Versions.Retrieve(skill.LatestVersionID, new VersionRetrieveParams { SkillID = skill.ID });

        Assert.StartsWith("skill_", skill.ID, StringComparison.Ordinal);
        Assert.Equal("Quarterly report", skill.DisplayName);
        Assert.Equal("custom", skill.Source.Type.Raw());
        Assert.StartsWith("skillver_", skill.LatestVersionID, StringComparison.Ordinal);
        Assert.Equal(skill.CreatedAt, skill.UpdatedAt);
        Assert.Equal(skill.LatestVersionID, version.ID);
        Assert.Equal(skill.ID, version.SkillID);
        Assert.Equal("quarterly-report", version.Name);
        Assert.Equal("Summarizes quarterly numbers.", version.Description);
    }

    [Fact]
    public async Task Create_WithoutDisplayName_UsesFrontmatterName()
    {
        var skill = await CreateAsync(Client(), title: null);

        Assert.Equal("quarterly-report", skill.DisplayName);
    }

    [Fact]
    public async Task List_BothSources_AndFilters()
    {
        var client = Client();
        var skill = await CreateAsync(client);

        var all = await client.Beta.Skills.List();
        var custom = await client.Beta.Skills.List(new SkillListParams { Source = "custom" });
        var anthropic = await client.Beta.Skills.List(new SkillListParams { Source = "anthropic" });

        Assert.Equal([skill.ID, "pdf", "docx", "xlsx", "pptx"], all.Items.Select(s => s.ID));
        Assert.Equal([skill.ID], custom.Items.Select(s => s.ID));
        Assert.Equal(["pdf", "docx", "xlsx", "pptx"], anthropic.Items.Select(s => s.ID));
        Assert.All(anthropic.Items, s => Assert.Equal("anthropic", s.Source.Type.Raw()));
        Assert.False(all.HasNext());
    }

    [Fact]
    public async Task List_Pages()
    {
        var client = Client();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync(client, $"skill-{i}")).ID);
        }

        var first = await client.Beta.Skills.List(new SkillListParams { Source = "custom", Limit = 2 });
        var seen = new List<string>();
        await foreach (var skill in first.Paginate())
        {
            seen.Add(skill.ID);
        }

        Assert.True(first.HasNext());
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Versions_CreateListRetrieveDownloadDelete_ThenDeleteSkill()
    {
        var client = Client();
        var skill = await CreateAsync(client);

        var second = await client.Beta.Skills.Versions.Create(skill.ID, new VersionCreateParams
        {
            Files = SkillFolders.Skill("quarterly-report", "Summarizes quarterly numbers, version two."),
        });
        var listed = await client.Beta.Skills.Versions.List(skill.ID);
        var retrieved = await client.Beta.Skills.Retrieve(skill.ID);
        using var download = await client.Beta.Skills.Versions.Download(second.ID, new VersionDownloadParams { SkillID = skill.ID });
        using var zip = new ZipArchive(await download.ReadAsStream(), ZipArchiveMode.Read);
        var entries = zip.Entries.Select(e => e.FullName).Order().ToArray();

        Assert.Equal([second.ID, skill.LatestVersionID], listed.Items.Select(v => v.ID));
        Assert.Equal(second.ID, retrieved.LatestVersionID);
        Assert.Equal("Summarizes quarterly numbers, version two.", second.Description);
        Assert.Equal(["quarterly-report/SKILL.md", "quarterly-report/scripts/run.py"], entries);

        var refused = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => client.Beta.Skills.Delete(skill.ID));
        Assert.Contains("versions", refused.Message, StringComparison.Ordinal);

        var deleted = await client.Beta.Skills.Versions.Delete(second.ID, new VersionDeleteParams { SkillID = skill.ID });
        Assert.Equal(second.ID, deleted.ID);
        Assert.Equal(skill.LatestVersionID, (await client.Beta.Skills.Retrieve(skill.ID)).LatestVersionID);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() =>
            client.Beta.Skills.Versions.Retrieve(second.ID, new VersionRetrieveParams { SkillID = skill.ID }));
        await client.Beta.Skills.Versions.Delete(skill.LatestVersionID, new VersionDeleteParams { SkillID = skill.ID });

        var gone = await client.Beta.Skills.Delete(skill.ID);
        Assert.Equal(skill.ID, gone.ID);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => client.Beta.Skills.Retrieve(skill.ID));
    }

    [Fact]
    public async Task Versions_OtherName_BadRequest()
    {
        var client = Client();
        var skill = await CreateAsync(client);

        await Assert.ThrowsAsync<AnthropicBadRequestException>(() =>
            client.Beta.Skills.Versions.Create(skill.ID, new VersionCreateParams { Files = SkillFolders.Skill("another-name") }));
    }

    [Fact]
    public async Task OtherWorkspace_NotFound()
    {
        var skill = await CreateAsync(Client());
        var b = Client(WorkspaceOptions.KeyB);

        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => b.Beta.Skills.Retrieve(skill.ID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => b.Beta.Skills.Delete(skill.ID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => b.Beta.Skills.Versions.List(skill.ID));
        Assert.Empty((await b.Beta.Skills.List(new SkillListParams { Source = "custom" })).Items);
        Assert.Equal(skill.ID, (await Client(WorkspaceOptions.KeyA2).Beta.Skills.Retrieve(skill.ID)).ID);
    }

    [Theory]
    [InlineData("---\nname: Bad_Name\ndescription: x\n---\n", "name")]
    [InlineData("---\nname: ok-name\ndescription: uses <tags>\n---\n", "description")]
    [InlineData("---\nname: ok-name\n---\n", "description")]
    [InlineData("no frontmatter at all\n", "frontmatter")]
    [InlineData("---\nname: [unclosed\ndescription: x\n---\n", "YAML")]
    public async Task Create_InvalidFrontmatter_BadRequest(string skillMd, string messagePart)
    {
        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() =>
            Client().Beta.Skills.Create(new SkillCreateParams { Files = SkillFolders.Folder("ok-name", skillMd) }));

        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Empty((await Client().Beta.Skills.List(new SkillListParams { Source = "custom" })).Items);
    }

    [Fact]
    public async Task Create_MissingSkillMd_BadRequest()
    {
        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() =>
            Client().Beta.Skills.Create(new SkillCreateParams { Files = [SkillFolders.File("my-skill/README.md", "hi")] }));

        Assert.Contains("SKILL.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Over8MB_BadRequest()
    {
        var files = SkillFolders.Skill("big-skill");
        files.Add(SkillFolders.Bytes("big-skill/assets/blob.bin", new byte[(8 * 1024 * 1024) + 1]));

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() =>
            Client().Beta.Skills.Create(new SkillCreateParams { Files = files }));

        Assert.Contains("8 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnthropicSkill_RetrieveAndVersions_ReadOnly()
    {
        var client = Client();

        var pdf = await client.Beta.Skills.Retrieve("pdf");
        var versions = await client.Beta.Skills.Versions.List("pdf");

        Assert.Equal("anthropic", pdf.Source.Type.Raw());
        Assert.Equal("pdf", Assert.Single(versions.Items).Name);
        await Assert.ThrowsAsync<AnthropicBadRequestException>(() => client.Beta.Skills.Delete("pdf"));
    }
}
