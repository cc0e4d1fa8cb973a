using System.IO.Compression;

namespace Skillgate.Skills;

/// <summary>The checks on a skill archive's entries, all made before one byte is written, and the capped extraction.</summary>
internal static class SkillArchiveEntries
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;

    /// <summary>Checks every entry and returns the one top-level folder they share.</summary>
    public static string Check(ZipArchive zip, long archiveBytes, SkillArchiveLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new SkillArchiveException($"the archive has {zip.Entries.Count} entries; at most {limits.MaxEntries} are allowed");
        }

        if (zip.Entries.Count == 0)
        {
            throw new SkillArchiveException("the archive is empty");
        }

        string? top = null;
        long total = 0;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            var segments = SafeSegments(name);
            if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink)
            {
                throw new SkillArchiveException($"entry '{name}' is a symlink, which a skill archive must not hold");
            }

            if (!names.Add(name.TrimEnd('/')))
            {
                throw new SkillArchiveException($"entry '{name}' appears twice");
            }

            top ??= segments[0];
            if (!string.Equals(top, segments[0], StringComparison.Ordinal) || (segments.Length == 1 && !name.EndsWith('/')))
            {
                throw new SkillArchiveException($"entry '{name}' is outside the archive's one top-level folder '{top}'");
            }

            CheckRatio(name, entry.Length, entry.CompressedLength, limits);
            total += entry.Length;
            if (entry.Length < 0 || total > limits.MaxTotalBytes)
            {
                throw new SkillArchiveException($"the archive's files add up to more than {SkillValidator.Size(limits.MaxTotalBytes)} (the cap) once extracted");
            }
        }

        CheckRatio("the archive", total, archiveBytes, limits);
        return top!;
    }

    /// <summary>Extracts every entry under <paramref name="staging"/>, counting real bytes (a header may lie about sizes).</summary>
    public static void ExtractAll(ZipArchive zip, string top, string staging, SkillArchiveLimits limits)
    {
        long written = 0;
        var buffer = new byte[81920];
        var root = Path.GetFullPath(staging);
        foreach (var entry in zip.Entries)
        {
            var relative = entry.FullName[top.Length..].TrimStart('/');
            var path = Path.GetFullPath(Path.Combine(root, relative));
            if (!SkillFolderScanner.IsInside(path, root))
            {
                throw new SkillArchiveException($"entry '{entry.FullName}' leads outside the target folder");
            }

            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(path);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = OpenEntry(entry);
            using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            long entryBytes = 0;
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                entryBytes += read;
                written += read;
                if (entryBytes > entry.Length)
                {
                    throw new SkillArchiveException($"entry '{entry.FullName}' holds more bytes than its header declares ({entry.Length})");
                }

                if (written > limits.MaxTotalBytes)
                {
                    throw new SkillArchiveException($"the archive's files add up to more than {SkillValidator.Size(limits.MaxTotalBytes)} (the cap) once extracted");
                }

                target.Write(buffer, 0, read);
            }
        }
    }

    private static Stream OpenEntry(ZipArchiveEntry entry)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException ex)
        {
            throw new SkillArchiveException($"entry '{entry.FullName}' cannot be read: {ex.Message}", ex);
        }
    }

    private static void CheckRatio(string what, long length, long compressed, SkillArchiveLimits limits)
    {
        if (length > limits.RatioThresholdBytes && length > compressed * limits.MaxCompressionRatio)
        {
            var ratio = compressed > 0 ? length / (double)compressed : double.PositiveInfinity;
            throw new SkillArchiveException($"{(what == "the archive" ? what : $"entry '{what}'")} expands {ratio:0} times ({SkillValidator.Size(length)}), over the cap of {limits.MaxCompressionRatio:0} (a zip bomb?)");
        }
    }

    private static string[] SafeSegments(string name)
    {
        var trimmed = name.EndsWith('/') ? name[..^1] : name;
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)
            || name.Contains('\0', StringComparison.Ordinal) || segments.Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            throw new SkillArchiveException($"entry '{name}' has an unsafe path (absolute, '..', a drive or a backslash)");
        }

        return segments;
    }
}
