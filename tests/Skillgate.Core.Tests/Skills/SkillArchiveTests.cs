using System.IO.Compression;
using System.Text;
using Skillgate.Skills;

namespace Skillgate.Core.Tests.Skills;

public sealed class SkillArchiveTests : IDisposable
{
    private readonly TempSkill _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void WriteZip_Skill_OneTopLevelFolderNamedAfterTheSkillAndDeterministic()
    {
        var folder = SkillValidator.Validate(_temp.Valid()).Folder!;

        var first = Zip(folder);
        var second = Zip(folder);

        using var zip = new ZipArchive(new MemoryStream(first));
        Assert.Equal(["pdf-tools/SKILL.md", "pdf-tools/references/REFERENCE.md"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Extract_PackedSkill_RoundTripsIntoAValidFolder()
    {
        var folder = SkillValidator.Validate(_temp.Valid()).Folder!;
        var target = Path.Combine(_temp.Root, "pulled");

        var path = SkillArchive.Extract(new MemoryStream(Zip(folder)), target);

        Assert.Equal(Path.Combine(target, "pdf-tools"), path);
        Assert.True(SkillValidator.Validate(path).IsValid);
        Assert.Equal(File.ReadAllText(Path.Combine(folder.DirectoryPath, "SKILL.md")), File.ReadAllText(Path.Combine(path, "SKILL.md")));
        Assert.Equal(["pdf-tools"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public void Extract_ZipBomb_RefusedByRatioAndNothingWritten()
    {
        var bomb = Archive(("s/SKILL.md", "---\nname: s\n---\n"u8.ToArray()), ("s/zeros.bin", new byte[50 * 1024 * 1024]));
        var target = Path.Combine(_temp.Root, "out");

        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(bomb), target));

        Assert.Contains("zeros.bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("zip bomb", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Extract_OverTheTotalCap_Refused()
    {
        var random = new byte[300 * 1024];
        new Random(7).NextBytes(random);
        var zip = Archive(("s/a.bin", random), ("s/b.bin", random));

        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(zip), _temp.Root, new SkillArchiveLimits { MaxTotalBytes = 500 * 1024 }));

        Assert.Contains("add up to more than", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Root));
    }

    [Fact]
    public void Extract_TooManyEntries_Refused()
    {
        var zip = Archive([.. Enumerable.Range(0, 30).Select(i => ($"s/f{i}.txt", new byte[1]))]);

        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(zip), _temp.Root, new SkillArchiveLimits { MaxEntries = 20 }));

        Assert.Contains("30 entries", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s/../../evil.txt")]
    [InlineData("/etc/evil.txt")]
    [InlineData("s/..\\evil.txt")]
    [InlineData("C:/evil.txt")]
    [InlineData("s//evil.txt")]
    public void Extract_UnsafePath_RefusedNamingTheEntry(string name)
    {
        var zip = Archive(("s/SKILL.md", "x"u8.ToArray()), (name, "evil"u8.ToArray()));
        var target = Path.Combine(_temp.Root, "out");

        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(zip), target));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.False(File.Exists(Path.Combine(_temp.Root, "evil.txt")));
    }

    [Fact]
    public void Extract_TwoTopLevelFolders_Refused()
    {
        var zip = Archive(("a/SKILL.md", "x"u8.ToArray()), ("b/SKILL.md", "y"u8.ToArray()));

        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(zip), _temp.Root));

        Assert.Contains("one top-level folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SymlinkEntry_Refused()
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("s/link");
            entry.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var writer = entry.Open();
            writer.Write("/etc/passwd"u8);
        }

        stream.Position = 0;
        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(stream, _temp.Root));

        Assert.Contains("symlink", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NotAZip_ClearError()
    {
        var ex = Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(Encoding.UTF8.GetBytes("not a zip at all")), _temp.Root));

        Assert.StartsWith("not a zip archive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ExistingFolder_RefusedUnlessOverwriteThenReplacedWhole()
    {
        var existing = _temp.Valid();
        File.WriteAllText(Path.Combine(existing, "stale.txt"), "old");
        var zip = Archive(("pdf-tools/SKILL.md", "new"u8.ToArray()));

        Assert.Throws<SkillArchiveException>(() => SkillArchive.Extract(new MemoryStream(zip), _temp.Root));
        Assert.True(File.Exists(Path.Combine(existing, "stale.txt")));

        SkillArchive.Extract(new MemoryStream(zip), _temp.Root, overwrite: true);

        Assert.Equal(["SKILL.md"], Directory.GetFiles(existing).Select(Path.GetFileName));
        Assert.Equal("new", File.ReadAllText(Path.Combine(existing, "SKILL.md")));
        Assert.Equal(["pdf-tools"], Directory.GetFileSystemEntries(_temp.Root).Select(Path.GetFileName));
    }

    private static byte[] Zip(SkillFolder folder)
    {
        var stream = new MemoryStream();
        SkillArchive.WriteZip(folder, stream);
        return stream.ToArray();
    }

    private static byte[] Archive(params (string Name, byte[] Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                writer.Write(content);
            }
        }

        return stream.ToArray();
    }
}
