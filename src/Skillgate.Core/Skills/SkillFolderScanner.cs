namespace Skillgate.Skills;

/// <summary>Lists the files of a skill folder and reports symlinks that lead outside it.</summary>
internal static class SkillFolderScanner
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { ".git", ".DS_Store", "Thumbs.db" };

    public static IReadOnlyList<SkillFile> Scan(string root, List<SkillProblem> problems)
    {
        var files = new List<SkillFile>();
        var realRoot = RealPath(root);
        Walk(new DirectoryInfo(root), root, realRoot, files, problems);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    /// <summary>Whether <paramref name="path"/> (full, normalized) is <paramref name="root"/> or under it.</summary>
    public static bool IsInside(string path, string root)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return string.Equals(path, root, StringComparison.Ordinal) || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The folder's full path with a symlink at its end resolved, so "inside" compares real locations.</summary>
    public static string RealPath(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var info = new DirectoryInfo(full);
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName))
            : full;
    }

    private static void Walk(DirectoryInfo directory, string root, string realRoot, List<SkillFile> files, List<SkillProblem> problems)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = directory.GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            problems.Add(new(Relative(root, directory.FullName), null, SkillProblemSeverity.Error, SkillProblemCodes.Folder, $"cannot read the folder: {ex.Message}"));
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (Ignored.Contains(entry.Name))
            {
                continue;
            }

            var relative = Relative(root, entry.FullName);
            if (entry.LinkTarget is { } linkTarget)
            {
                AddLink(entry, linkTarget, relative, realRoot, files, problems);
            }
            else if (entry is DirectoryInfo sub)
            {
                Walk(sub, root, realRoot, files, problems);
            }
            else if (entry is FileInfo file)
            {
                files.Add(new SkillFile(relative, file.FullName, file.Length));
            }
        }
    }

    private static void AddLink(FileSystemInfo entry, string linkTarget, string relative, string realRoot, List<SkillFile> files, List<SkillProblem> problems)
    {
        FileSystemInfo? target;
        try
        {
            target = entry.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            target = null;
        }

        if (target is null || !target.Exists)
        {
            problems.Add(new(relative, null, SkillProblemSeverity.Error, SkillProblemCodes.PathEscape, $"symlink to '{linkTarget}' leads nowhere"));
            return;
        }

        var targetPath = Path.GetFullPath(target.FullName);
        if (!IsInside(targetPath, realRoot))
        {
            problems.Add(new(relative, null, SkillProblemSeverity.Error, SkillProblemCodes.PathEscape, $"symlink to '{linkTarget}' leads outside the skill folder"));
            return;
        }

        if (target is DirectoryInfo)
        {
            // A folder symlink inside the skill would upload its files twice (or loop): it is left out.
            problems.Add(new(relative, null, SkillProblemSeverity.Warning, SkillProblemCodes.PathEscape, $"symlink to the folder '{linkTarget}' is not uploaded (link the files, or move the folder)"));
            return;
        }

        files.Add(new SkillFile(relative, targetPath, ((FileInfo)target).Length));
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
