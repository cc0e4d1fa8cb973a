using System.Text;
using Anthropic.Core;

namespace Skillgate.Simulator.Tests.Skills;

/// <summary>Skill folders as SDK multipart files (<c>my-skill/SKILL.md</c>, ...).</summary>
internal static class SkillFolders
{
    public static string SkillMd(string name, string description = "Summarizes quarterly numbers.") =>
        $"---\nname: {name}\ndescription: {description}\n---\n\n# {name}\n\nRun scripts/run.py.\n";

    public static List<BinaryContent> Folder(string folder, string skillMd, params (string Path, string Text)[] extra)
    {
        var files = new List<BinaryContent> { File($"{folder}/SKILL.md", skillMd) };
        files.AddRange(extra.Select(e => File($"{folder}/{e.Path}", e.Text)));
        return files;
    }

    public static List<BinaryContent> Skill(string name, string? description = null) =>
        Folder(name, description is null ? SkillMd(name) : SkillMd(name, description), ("scripts/run.py", "print('hello')\n"));

    public static BinaryContent File(string path, string text) => Bytes(path, Encoding.UTF8.GetBytes(text));

    public static BinaryContent Bytes(string path, byte[] bytes) =>
        new() { Stream = new MemoryStream(bytes), FileName = path, ContentType = new("text/plain") };
}
