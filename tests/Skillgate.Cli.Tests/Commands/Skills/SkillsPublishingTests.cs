using System.Text.Json;

namespace Skillgate.Cli.Tests.Commands.Skills;

/// <summary>
/// push, list and pull over the library transport against a real loopback HTTP server: <see cref="FakeSkillsApi"/>
/// until the simulator serves the Skills API (then <see cref="SimulatorSkillsTests"/> runs the same flow against it).
/// </summary>
public sealed class SkillsPublishingTests : IAsyncLifetime, IDisposable
{
    private readonly SkillsCli _cli = new();
    private FakeSkillsApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeSkillsApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    private string[] Upstream => ["--url", _api.BaseAddress.ToString(), "--api-key", "test-key"];

    [Fact]
    public async Task Push_NewThenUnchangedThenChanged_CreatesOnceAndVersionsOnlyOnChange()
    {
        await SkillsCli.RunAsync("new", "triage", "--dir", _cli.Root);
        var dir = _cli.PathOf("triage");

        var (first, created) = await SkillsCli.RunAsync(["push", dir, "--json", .. Upstream]);
        var (second, unchanged) = await SkillsCli.RunAsync(["push", dir, "--json", .. Upstream]);
        _cli.Write("triage/references/REFERENCE.md", "# Changed\n");
        var (third, versioned) = await SkillsCli.RunAsync(["push", dir, "--json", .. Upstream]);

        Assert.Equal((0, 0, 0), (first, second, third));
        using var a = JsonDocument.Parse(created);
        using var b = JsonDocument.Parse(unchanged);
        using var c = JsonDocument.Parse(versioned);
        Assert.Equal(["created", "unchanged", "new_version"], new[] { a, b, c }.Select(d => d.RootElement.GetProperty("action").GetString()));
        var id = a.RootElement.GetProperty("skill_id").GetString();
        Assert.Equal(id, b.RootElement.GetProperty("skill_id").GetString());
        Assert.Equal(id, c.RootElement.GetProperty("skill_id").GetString());
        Assert.Equal(a.RootElement.GetProperty("version").GetString(), b.RootElement.GetProperty("version").GetString());
        Assert.NotEqual(a.RootElement.GetProperty("version").GetString(), c.RootElement.GetProperty("version").GetString());
        Assert.Equal(1, _api.Requests.Count(r => r == "POST /v1/skills"));
        Assert.Equal(1, _api.Requests.Count(r => r.StartsWith("POST /v1/skills/", StringComparison.Ordinal)));
        var lockFile = JsonDocument.Parse(File.ReadAllText(_cli.PathOf(".skillgate/skills.json")));
        var entry = Assert.Single(lockFile.RootElement.GetProperty("skills").EnumerateArray());
        Assert.Equal(c.RootElement.GetProperty("content_hash").GetString(), entry.GetProperty("content_hash").GetString());
    }

    [Fact]
    public async Task Push_Text_PrintsSkillIdAndVersion()
    {
        await SkillsCli.RunAsync("new", "printer", "--dir", _cli.Root);

        var (exitCode, output) = await SkillsCli.RunAsync(["push", _cli.PathOf("printer"), .. Upstream]);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"printer: created  skill_id skill_\d+  version skillver_\d+", output);
    }

    [Fact]
    public async Task Push_RecordedSkillDeletedUpstream_CreatedAgain()
    {
        await SkillsCli.RunAsync("new", "gone", "--dir", _cli.Root);
        _cli.Write(".skillgate/skills.json", $$"""{"skills":[{"name":"gone","upstream":"{{_api.BaseAddress.ToString().TrimEnd('/')}}","skill_id":"skill_deleted","version":"v","content_hash":"sha256:x"}]}""");

        var (exitCode, output) = await SkillsCli.RunAsync(["push", _cli.PathOf("gone"), "--json", .. Upstream]);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("created", json.RootElement.GetProperty("action").GetString());
        Assert.NotEqual("skill_deleted", json.RootElement.GetProperty("skill_id").GetString());
    }

    [Fact]
    public async Task Push_OneInvalidFolder_NothingSent()
    {
        await SkillsCli.RunAsync("new", "good", "--dir", _cli.Root);
        _cli.Write("bad/SKILL.md", "---\nname: bad\n---\n");

        var (exitCode, output) = await SkillsCli.RunAsync(["push", _cli.PathOf("good"), _cli.PathOf("bad"), .. Upstream]);

        Assert.Equal(1, exitCode);
        Assert.Contains("SKILL.md:1: error missing-field:", output, StringComparison.Ordinal);
        Assert.Contains("nothing was pushed", output, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
        Assert.False(File.Exists(_cli.PathOf(".skillgate/skills.json")));
    }

    [Fact]
    public async Task Push_UpstreamRefuses_ErrorCarriesItsMessage()
    {
        await SkillsCli.RunAsync("new", "refused", "--dir", _cli.Root);

        var (exitCode, output) = await SkillsCli.RunAsync("push", _cli.PathOf("refused"), "--url", _api.BaseAddress.ToString(), "--api-key", "wrong-key");

        Assert.Equal(1, exitCode);
        Assert.Contains("upstream answered 400 invalid_request_error: missing beta header or key", output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AfterPush_ShowsTheSkill()
    {
        await SkillsCli.RunAsync("new", "listed", "--dir", _cli.Root);
        var (_, pushed) = await SkillsCli.RunAsync(["push", _cli.PathOf("listed"), "--json", .. Upstream]);
        var id = JsonDocument.Parse(pushed).RootElement.GetProperty("skill_id").GetString();

        var (exitCode, output) = await SkillsCli.RunAsync(["list", "--json", .. Upstream]);
        var (tableExit, table) = await SkillsCli.RunAsync(["list", .. Upstream]);

        Assert.Equal((0, 0), (exitCode, tableExit));
        using var json = JsonDocument.Parse(output);
        Assert.Equal([id], json.RootElement.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("skill_id").GetString()));
        Assert.Contains(id!, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_PushedSkill_RoundTripsByteForByte()
    {
        await SkillsCli.RunAsync("new", "round-trip", "--dir", _cli.PathOf("src"));
        var (_, pushed) = await SkillsCli.RunAsync(["push", _cli.PathOf("src/round-trip"), "--json", .. Upstream]);
        var id = JsonDocument.Parse(pushed).RootElement.GetProperty("skill_id").GetString()!;

        var (exitCode, output) = await SkillsCli.RunAsync(["pull", id, "-o", _cli.PathOf("dst"), "--json", .. Upstream]);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(_cli.PathOf("dst/round-trip"), json.RootElement.GetProperty("path").GetString());
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        foreach (var file in new[] { "SKILL.md", "references/REFERENCE.md" })
        {
            Assert.Equal(File.ReadAllBytes(_cli.PathOf($"src/round-trip/{file}")), File.ReadAllBytes(_cli.PathOf($"dst/round-trip/{file}")));
        }
    }

    [Theory]
    [InlineData("skill_bomb", "zip bomb")]
    [InlineData("skill_escape", "unsafe path")]
    public async Task Pull_HostileArchive_RefusedAndNothingWritten(string id, string expected)
    {
        var target = _cli.PathOf("pulled");

        var (exitCode, output) = await SkillsCli.RunAsync(["pull", id, "-o", target, .. Upstream]);

        Assert.Equal(1, exitCode);
        Assert.Contains("nothing was written", output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.False(File.Exists(Path.Combine(_cli.Root, "evil.txt")));
    }

    [Fact]
    public async Task Pull_UnknownSkill_NotFoundError()
    {
        var (exitCode, output) = await SkillsCli.RunAsync(["pull", "skill_nope", "-o", _cli.PathOf("x"), .. Upstream]);

        Assert.Equal(1, exitCode);
        Assert.Contains("404", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.PathOf("x")));
    }
}
