using System.Text;
using System.Text.Json;
using Skillgate.Skills;

namespace Skillgate.Core.Tests.Skills.Portable;

public sealed class PortableSkillRuntimeTests : IDisposable
{
    private readonly TempSkill _temp = new();
    private readonly PortableSkillRuntime _runtime;

    public PortableSkillRuntimeTests()
    {
        var dir = _temp.Valid("pdf-tools");
        TempSkill.Write(dir, "scripts/run.sh", "echo hi\n");
        File.WriteAllText(Path.Combine(_temp.Root, "secret.txt"), "top secret");
        File.WriteAllBytes(Path.Combine(dir, "assets-big.txt"), Encoding.UTF8.GetBytes(new string('a', 2048)));
        File.WriteAllBytes(Path.Combine(dir, "logo.bin"), [0x89, 0x50, 0x00, 0x47]);
        File.WriteAllBytes(Path.Combine(dir, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9]);
        _runtime = new PortableSkillRuntime(SkillSet.FromFolders([dir]) , new PortableSkillOptions { MaxFileBytes = 1024 });

        // Made after the set is loaded (loading refuses it): the read checks again, as the folder may change.
        File.CreateSymbolicLink(Path.Combine(dir, "references", "escape.md"), Path.Combine(_temp.Root, "secret.txt"));
    }

    [Fact]
    public void BuildInstructions_NoActiveSkill_ListsLevelOneOnly()
    {
        var text = _runtime.BuildInstructions();
        Assert.Contains("<name>pdf-tools</name>", text, StringComparison.Ordinal);
        Assert.Contains("Extracts text from PDF files", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# PDF tools", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildInstructions_ActiveSkill_IncludesBody()
    {
        Assert.Contains("# PDF tools", _runtime.BuildInstructions("pdf-tools"), StringComparison.Ordinal);
        var error = Assert.Throws<SkillRunException>(() => _runtime.BuildInstructions("nope"));
        Assert.Equal(SkillRunError.UnknownSkill, error.Error);
    }

    [Fact]
    public void Invoke_LoadSkill_ReturnsBodyOrError()
    {
        var loaded = _runtime.Invoke(PortableSkillRuntime.LoadSkillTool, Input("""{"name":"pdf-tools"}"""));
        Assert.False(loaded.IsError);
        Assert.Contains("See [the reference](references/REFERENCE.md)", loaded.Content, StringComparison.Ordinal);
        var unknown = _runtime.Invoke(PortableSkillRuntime.LoadSkillTool, Input("""{"name":"nope"}"""));
        Assert.True(unknown.IsError);
        Assert.Contains("No skill named 'nope'", unknown.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("references/REFERENCE.md", false, "# Reference")]
    [InlineData("./references/REFERENCE.md", false, "# Reference")]
    [InlineData("scripts/run.sh", false, "echo hi")]
    [InlineData("../secret.txt", true, "'..' is not allowed")]
    [InlineData("references/../../secret.txt", true, "'..' is not allowed")]
    [InlineData("/etc/passwd", true, "absolute paths are not allowed")]
    [InlineData("C:/Windows/win.ini", true, "absolute paths are not allowed")]
    [InlineData("references\\REFERENCE.md", true, "backslash")]
    [InlineData("references/escape.md", true, "symlink that leads outside")]
    [InlineData("assets-big.txt", true, "over the read limit")]
    [InlineData("logo.bin", true, "binary file")]
    [InlineData("latin1.txt", true, "not UTF-8 text")]
    [InlineData("references", true, "it is a folder")]
    [InlineData("missing.md", true, "no such file")]
    [InlineData("", true, "the path is empty")]
    public void Invoke_ReadSkillFile_ChecksThePath(string path, bool refused, string expected)
    {
        var result = _runtime.Invoke(PortableSkillRuntime.ReadSkillFileTool, Input(JsonSerializer.Serialize(new { skill = "pdf-tools", path })));
        Assert.Equal(refused, result.IsError);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("top secret", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_ReadSkillFile_SymlinkedFolderOut_Refused()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_temp.Root, "outside"));
        File.WriteAllText(Path.Combine(outside.FullName, "x.md"), "top secret");
        var dir = _runtime.Skills.Find("pdf-tools")!.DirectoryPath;
        Directory.CreateSymbolicLink(Path.Combine(dir, "linked"), outside.FullName);
        var result = _runtime.Invoke(PortableSkillRuntime.ReadSkillFileTool, Input("""{"skill":"pdf-tools","path":"linked/x.md"}"""));
        Assert.True(result.IsError);
        Assert.Contains("outside the skill folder", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidOrMissing_ThrowsNamingTheProblem()
    {
        var bad = _temp.Skill("bad-skill", TempSkill.Markdown("name: other-name\ndescription: x"));
        var error = Assert.Throws<SkillRunException>(() => SkillSet.FromFolders([bad]));
        Assert.Equal(SkillRunError.InvalidSkillSet, error.Error);
        Assert.Contains("name-mismatch", error.Message, StringComparison.Ordinal);
        Assert.Throws<SkillRunException>(() => SkillSet.Load(Path.Combine(_temp.Root, "nowhere")));
    }

    [Fact]
    public void Options_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PortableSkillRuntime(_runtime.Skills, new PortableSkillOptions { MaxToolIterations = 0 }));
    }

    public void Dispose() => _temp.Dispose();

    private static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
