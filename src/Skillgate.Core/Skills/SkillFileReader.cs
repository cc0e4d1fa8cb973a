using System.Text;

namespace Skillgate.Skills;

/// <summary>
/// Level 3 of progressive disclosure: a file under a skill folder, read for the model. The path comes from the model, so
/// it is checked as untrusted input: relative, no <c>..</c>, no backslash or NUL, every component inside the folder
/// (a symlink is followed only when its final target stays inside), a regular file, at most the size cap, UTF-8 text.
/// </summary>
internal static class SkillFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SkillToolResult Read(SkillFolder skill, string path, long maxBytes)
    {
        if (Check(path) is { } refused)
        {
            return Refuse(path, refused);
        }

        var root = SkillFolderScanner.RealPath(skill.DirectoryPath);
        var current = root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                FileSystemInfo? target;
                try
                {
                    target = info.ResolveLinkTarget(returnFinalTarget: true);
                }
                catch (IOException)
                {
                    target = null;
                }

                if (target is null || !Path.Exists(target.FullName))
                {
                    return Refuse(path, "it is a symlink that leads nowhere");
                }

                current = Path.GetFullPath(target.FullName);
                if (!SkillFolderScanner.IsInside(current, root))
                {
                    return Refuse(path, "it is a symlink that leads outside the skill folder");
                }
            }
        }

        if (Directory.Exists(current))
        {
            return Refuse(path, "it is a folder; name a file in it (the skill's files: " + Listing(skill) + ")");
        }

        var file = new FileInfo(current);
        if (!file.Exists)
        {
            return Refuse(path, "no such file in the skill (its files: " + Listing(skill) + ")");
        }

        if (file.Length > maxBytes)
        {
            return Refuse(path, $"it is {SkillValidator.Size(file.Length)}, over the read limit of {SkillValidator.Size(maxBytes)}");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(current);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Refuse(path, "it cannot be read: " + ex.Message);
        }

        if (bytes.Length > maxBytes)
        {
            return Refuse(path, $"it is over the read limit of {SkillValidator.Size(maxBytes)}");
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return Refuse(path, "it is a binary file; only text files can be read");
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            return new SkillToolResult(text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, IsError: false);
        }
        catch (DecoderFallbackException)
        {
            return Refuse(path, "it is not UTF-8 text; only text files can be read");
        }
    }

    /// <summary>Why <paramref name="path"/> is refused before touching the disk, or null when it may be looked up.</summary>
    internal static string? Check(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "the path is empty";
        }

        if (path.Contains('\0', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            return "the path holds a backslash or NUL; use '/' between folders, relative to the skill folder";
        }

        if (path.StartsWith('/') || Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':'))
        {
            return "absolute paths are not allowed; give the path relative to the skill folder, e.g. references/REFERENCE.md";
        }

        return path.Split('/').Any(s => s == "..")
            ? "'..' is not allowed; files outside the skill folder cannot be read"
            : path.Split('/').Any(s => s is ".git")
                ? "files under .git cannot be read"
                : null;
    }

    private static string Listing(SkillFolder skill) =>
        string.Join(", ", skill.Files.Select(f => f.RelativePath).Take(50));

    private static SkillToolResult Refuse(string path, string why) => new($"Cannot read '{path}': {why}.", IsError: true);
}
