using System.IO.Compression;

namespace Skillgate.Skills;

/// <summary>
/// Skill archives in the upload layout: a zip whose entries all sit in one top-level folder named after the skill
/// (<c>my-skill/SKILL.md</c>, <c>my-skill/references/api.md</c>). Writing is deterministic (sorted entries, fixed
/// timestamps); extracting is safe against hostile archives (caps on entries, size and compression ratio; no path that
/// leaves the target; no symlinks) and all-or-nothing: on any failure no folder is left behind.
/// </summary>
public static class SkillArchive
{
    // Zip stores local times from 1980; a fixed one makes equal content give equal bytes.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="folder"/>'s files as a zip in the upload layout to <paramref name="destination"/>.</summary>
    public static void WriteZip(SkillFolder folder, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(destination);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in folder.Files)
        {
            var entry = zip.CreateEntry($"{folder.Name}/{file.RelativePath}", CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            using var target = entry.Open();
            using var source = File.OpenRead(file.FullPath);
            source.CopyTo(target);
        }
    }

    /// <summary>
    /// Extracts a skill archive into <paramref name="parentDirectory"/> (created when missing) and returns the path of
    /// the skill folder it made there (the archive's top-level folder). Everything is written to a hidden folder
    /// beside it first and moved into place only when the whole archive is out, so a failure leaves nothing.
    /// </summary>
    /// <param name="archive">The zip; it must be seekable.</param>
    /// <param name="parentDirectory">Where the skill folder goes.</param>
    /// <param name="limits">Caps on entries, size and compression ratio; default <see cref="SkillArchiveLimits"/>.</param>
    /// <param name="overwrite">Whether an existing folder of the same name is replaced (only once the new one is complete).</param>
    /// <exception cref="SkillArchiveException">The archive is not a zip, breaks a cap, has an unsafe path, or its folder exists.</exception>
    public static string Extract(Stream archive, string parentDirectory, SkillArchiveLimits? limits = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentException.ThrowIfNullOrEmpty(parentDirectory);
        limits ??= new SkillArchiveLimits();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new SkillArchiveException($"not a zip archive: {ex.Message}", ex);
        }

        using (zip)
        {
            var top = SkillArchiveEntries.Check(zip, archive.Length, limits);
            var parent = Path.GetFullPath(parentDirectory);
            var final = Path.Combine(parent, top);
            if (Directory.Exists(final) && !overwrite)
            {
                throw new SkillArchiveException($"'{final}' already exists (pass overwrite to replace it)");
            }

            var createdParent = !Directory.Exists(parent);
            var staging = Path.Combine(parent, $".{top}.partial-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(staging);
                SkillArchiveEntries.ExtractAll(zip, top, staging, limits);
                Replace(staging, final);
                return final;
            }
            catch
            {
                TryDelete(staging);
                if (createdParent && Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
                {
                    TryDelete(parent);
                }

                throw;
            }
        }
    }

    private static void Replace(string staging, string final)
    {
        if (!Directory.Exists(final))
        {
            Directory.Move(staging, final);
            return;
        }

        var old = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.old-{Guid.NewGuid():N}");
        Directory.Move(final, old);
        try
        {
            Directory.Move(staging, final);
        }
        catch
        {
            Directory.Move(old, final);
            throw;
        }

        TryDelete(old);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the caller's error is the one that matters.
        }
    }
}
