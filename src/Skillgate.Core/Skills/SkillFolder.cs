using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Skillgate.Skills;

/// <summary>
/// A skill on disk: a folder whose root holds <c>SKILL.md</c>, plus optional <c>scripts/</c>, <c>references/</c> and
/// <c>assets/</c>. Get one from <see cref="SkillValidator.Validate"/>; its <see cref="Files"/> are what an upload sends.
/// </summary>
public sealed class SkillFolder
{
    internal SkillFolder(string directoryPath, string skillFileName, SkillDefinition? definition, IReadOnlyList<SkillFile> files)
    {
        DirectoryPath = directoryPath;
        Name = Path.GetFileName(directoryPath);
        SkillFileName = skillFileName;
        Definition = definition;
        Files = files;
        TotalBytes = files.Sum(f => f.Length);
    }

    /// <summary>The folder's full path.</summary>
    public string DirectoryPath { get; }

    /// <summary>The folder's name, which the skill's <c>name</c> must equal; also the top-level folder of an upload.</summary>
    public string Name { get; }

    /// <summary>The skill file as spelled on disk: <c>SKILL.md</c> (or <c>skill.md</c>, which only the specification's validator takes).</summary>
    public string SkillFileName { get; }

    /// <summary>What <c>SKILL.md</c> says, or null when it is missing or its frontmatter does not parse.</summary>
    public SkillDefinition? Definition { get; }

    /// <summary>
    /// Every file an upload sends, ordered by <see cref="SkillFile.RelativePath"/> (ordinal). Not included: <c>.git/</c>,
    /// <c>.DS_Store</c>, <c>Thumbs.db</c>, and symlinks that lead outside the folder (which are errors).
    /// </summary>
    public IReadOnlyList<SkillFile> Files { get; }

    /// <summary>The bytes of all <see cref="Files"/> together.</summary>
    public long TotalBytes { get; }

    /// <summary>
    /// A SHA-256 over every file's path and content (<c>sha256:</c> and 64 hex digits): equal for equal content on any
    /// machine, different when any file, name or byte changes. <c>skills push</c> creates a new version only when it changed.
    /// </summary>
    public async Task<string> ComputeContentHashAsync(CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new byte[8];
        var buffer = new byte[81920];
        foreach (var file in Files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.RelativePath));
            BinaryPrimitives.WriteInt64BigEndian(header, file.Length);
            hash.AppendData([0]);
            hash.AppendData(header);
            var stream = File.OpenRead(file.FullPath);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
