using System.Text;

namespace Skillgate.Core.Tests.Skills;

/// <summary>A temporary folder for skill tests, deleted on dispose; <see cref="Skill"/> writes a skill folder in it.</summary>
internal sealed class TempSkill : IDisposable
{
    public TempSkill()
    {
        Root = Path.Combine(Path.GetTempPath(), "skillgate-skill-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static string Markdown(string frontmatter, string body = "# Title\n\nDo the thing.\n") => $"---\n{frontmatter.TrimEnd('\n')}\n---\n{body}";

    /// <summary>Creates <c>Root/name</c> with <c>SKILL.md</c> holding <paramref name="skillMarkdown"/>; returns its path.</summary>
    public string Skill(string name, string skillMarkdown)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "SKILL.md"), skillMarkdown, new UTF8Encoding(false));
        return dir;
    }

    /// <summary>A valid skill named <paramref name="name"/> with a reference file.</summary>
    public string Valid(string name = "pdf-tools")
    {
        var dir = Skill(name, Markdown($"name: {name}\ndescription: Extracts text from PDF files. Use when the user mentions PDFs.", "# PDF tools\n\nSee [the reference](references/REFERENCE.md).\n"));
        Write(dir, "references/REFERENCE.md", "# Reference\n");
        return dir;
    }

    public static string Write(string dir, string relative, string content)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
