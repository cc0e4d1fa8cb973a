using System.IO.Compression;
using System.Text.Json;

namespace Skillgate.Cli.Tests.Commands.Skills;

public sealed class SkillsAuthoringTests : IDisposable
{
    private readonly SkillsCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_ListsEverySkillsCommand()
    {
        var (exitCode, output) = await SkillsCli.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var command in new[] { "new", "validate", "pack", "push", "list", "pull" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task New_ThenValidate_ValidWithoutWarningsAlsoForUpload()
    {
        var (created, output) = await SkillsCli.RunAsync("new", "invoice-reader", "--dir", _cli.Root);
        var (validSpec, _) = await SkillsCli.RunAsync("validate", _cli.PathOf("invoice-reader"));
        var (validUpload, uploadOutput) = await SkillsCli.RunAsync("validate", "--upload", _cli.PathOf("invoice-reader"));

        Assert.Equal(0, created);
        Assert.Contains("references/REFERENCE.md", output, StringComparison.Ordinal);
        Assert.True(File.Exists(_cli.PathOf("invoice-reader/references/REFERENCE.md")));
        Assert.Equal((0, 0), (validSpec, validUpload));
        Assert.Contains("invoice-reader: valid", uploadOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", uploadOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_DescriptionAndJson_WrittenQuotedAndReported()
    {
        var (exitCode, output) = await SkillsCli.RunAsync("new", "quoted", "--dir", _cli.Root, "--description", "Say \"hi\": politely, with #tags", "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(_cli.PathOf("quoted"), json.RootElement.GetProperty("path").GetString());
        var (valid, validation) = await SkillsCli.RunAsync("validate", "--json", _cli.PathOf("quoted"));
        Assert.Equal(0, valid);
        Assert.Equal("quoted", JsonDocument.Parse(validation).RootElement.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("claude-tools")]
    [InlineData("x--y")]
    public async Task New_InvalidName_RefusedAndNothingWritten(string name)
    {
        var (exitCode, output) = await SkillsCli.RunAsync("new", name, "--dir", _cli.Root);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("name", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Root));
    }

    [Fact]
    public async Task New_ExistingFolder_RefusedAndUntouched()
    {
        var existing = _cli.Write("taken/notes.txt", "mine");

        var (exitCode, output) = await SkillsCli.RunAsync("new", "taken", "--dir", _cli.Root);

        Assert.Equal(1, exitCode);
        Assert.Contains("already exists", output, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(_cli.PathOf("taken")).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(existing));
    }

    [Fact]
    public async Task Validate_SeededProblems_EachReportedWithFileAndLineAndExit1()
    {
        _cli.Write("broken/SKILL.md", "---\nname: Broken\nauthor: me\ndescription: \"\"\ncompatibility: [x]\n---\n# Body\n\n[secret](../../etc/passwd)\n");
        _cli.Write("yaml-bad/SKILL.md", "---\nname: yaml-bad\ndescription: [oops\n---\n");
        Directory.CreateDirectory(_cli.PathOf("no-skill-md"));
        var broken = _cli.PathOf("broken");

        var (exitCode, output) = await SkillsCli.RunAsync("validate", broken, _cli.PathOf("yaml-bad"), _cli.PathOf("no-skill-md"));

        Assert.Equal(1, exitCode);
        foreach (var expected in new[]
        {
            $"{broken}/SKILL.md:2: error name-format:",
            $"{broken}/SKILL.md:2: error name-mismatch:",
            $"{broken}/SKILL.md:3: error unknown-field: unexpected field 'author'",
            $"{broken}/SKILL.md:4: error description:",
            $"{broken}/SKILL.md:5: error field-type: compatibility must be a string",
            $"{broken}/SKILL.md:9: error path-escape:",
            $"{_cli.PathOf("yaml-bad")}/SKILL.md:4: error yaml: invalid YAML",
            $"{_cli.PathOf("no-skill-md")}/SKILL.md: error missing-skill-md:",
        })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_Json_OneObjectPerFolderWithProblems()
    {
        _cli.Write("a/SKILL.md", "---\nname: a\n---\n");

        var (exitCode, output) = await SkillsCli.RunAsync("validate", "--json", _cli.PathOf("a"));

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var problem = Assert.Single(json.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("SKILL.md", 1, "missing-field"), (problem.GetProperty("file").GetString(), problem.GetProperty("line").GetInt32(), problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Validate_UploadOnlyProblems_WarningsExit0ButFailWithUpload()
    {
        _cli.Write("tagged/SKILL.md", "---\nname: tagged\ndescription: Emits <html> pages\n---\n");

        var (spec, specOutput) = await SkillsCli.RunAsync("validate", _cli.PathOf("tagged"));
        var (upload, _) = await SkillsCli.RunAsync("validate", "--upload", _cli.PathOf("tagged"));

        Assert.Equal((0, 1), (spec, upload));
        Assert.Contains("SKILL.md:3: warning description-markup:", specOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_ValidSkill_ZipWithOneTopLevelFolder()
    {
        await SkillsCli.RunAsync("new", "packer", "--dir", _cli.Root);
        var zipPath = _cli.PathOf("out/packer.zip");

        var (exitCode, output) = await SkillsCli.RunAsync("pack", _cli.PathOf("packer"), "-o", zipPath, "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Matches("^sha256:[0-9a-f]{64}$", json.RootElement.GetProperty("content_hash").GetString());
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["packer/SKILL.md", "packer/references/REFERENCE.md"], zip.Entries.Select(e => e.FullName));
        Assert.Equal([zipPath], Directory.GetFiles(_cli.PathOf("out")));
    }

    [Fact]
    public async Task Pack_NineMegabyteSkill_ClearErrorAndNoZip()
    {
        await SkillsCli.RunAsync("new", "heavy", "--dir", _cli.Root);
        await File.WriteAllBytesAsync(_cli.PathOf("heavy/data.bin"), new byte[9 * 1024 * 1024]);
        var zipPath = _cli.PathOf("heavy.zip");

        var (exitCode, output) = await SkillsCli.RunAsync("pack", _cli.PathOf("heavy"), "-o", zipPath);

        Assert.Equal(1, exitCode);
        Assert.Contains("error upload-size:", output, StringComparison.Ordinal);
        Assert.Contains("over the upload limit of 8.0 MiB", output, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
        Assert.Empty(Directory.GetFiles(_cli.Root));
    }

    [Fact]
    public async Task Pack_SymlinkOutOfTheFolder_RefusedNamingTheLink()
    {
        await SkillsCli.RunAsync("new", "leaky", "--dir", _cli.Root);
        var secret = _cli.Write("secret.txt", "secret");
        File.CreateSymbolicLink(_cli.PathOf("leaky/references/secret.txt"), secret);

        var (exitCode, output) = await SkillsCli.RunAsync("pack", _cli.PathOf("leaky"), "-o", _cli.PathOf("leaky.zip"));

        Assert.Equal(1, exitCode);
        Assert.Contains($"{_cli.PathOf("leaky")}/references/secret.txt: error path-escape:", output, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf("leaky.zip")));
    }

    [Fact]
    public async Task Pack_ExistingZipWithoutForce_RefusedAndUntouched()
    {
        await SkillsCli.RunAsync("new", "again", "--dir", _cli.Root);
        var zipPath = _cli.Write("again.zip", "keep");

        var (exitCode, _) = await SkillsCli.RunAsync("pack", _cli.PathOf("again"), "-o", zipPath);
        var (forced, _) = await SkillsCli.RunAsync("pack", _cli.PathOf("again"), "-o", zipPath, "--force");

        Assert.Equal((1, 0), (exitCode, forced));
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(2, zip.Entries.Count);
    }
}
