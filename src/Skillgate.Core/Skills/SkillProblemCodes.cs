namespace Skillgate.Skills;

/// <summary>The codes of <see cref="SkillProblem.Code"/>, one per rule.</summary>
public static class SkillProblemCodes
{
    /// <summary>The folder does not exist or is not a directory.</summary>
    public const string Folder = "folder";

    /// <summary>The folder has no <c>SKILL.md</c> (or it cannot be read).</summary>
    public const string MissingSkillFile = "missing-skill-md";

    /// <summary>The file is spelled <c>skill.md</c>: the Agent Skills reference validator takes it, the Claude API wants <c>SKILL.md</c>.</summary>
    public const string SkillFileName = "skill-md-name";

    /// <summary><c>SKILL.md</c> does not start with a <c>---</c> frontmatter block closed by another <c>---</c> line.</summary>
    public const string Frontmatter = "frontmatter";

    /// <summary>The frontmatter is not valid YAML, or not a mapping.</summary>
    public const string Yaml = "yaml";

    /// <summary>A top-level frontmatter key the specification does not define.</summary>
    public const string UnknownField = "unknown-field";

    /// <summary>A required field (<c>name</c>, <c>description</c>) is missing.</summary>
    public const string MissingField = "missing-field";

    /// <summary>A field has the wrong type (e.g. a list where a string belongs).</summary>
    public const string FieldType = "field-type";

    /// <summary><c>name</c> breaks the naming rule (lowercase letters, digits, single inner hyphens, at most 64 characters).</summary>
    public const string NameFormat = "name-format";

    /// <summary><c>name</c> differs from the folder's name.</summary>
    public const string NameMismatch = "name-mismatch";

    /// <summary><c>name</c> has characters outside <c>[a-z0-9-]</c> (the spec allows Unicode letters; the Claude API does not).</summary>
    public const string NameAscii = "name-ascii";

    /// <summary><c>name</c> holds a word the Claude API reserves (<c>anthropic</c>, <c>claude</c>).</summary>
    public const string NameReserved = "name-reserved";

    /// <summary><c>description</c> is empty or longer than 1,024 characters.</summary>
    public const string Description = "description";

    /// <summary><c>description</c> holds <c>&lt;</c> or <c>&gt;</c> (the Claude API refuses XML tags in it).</summary>
    public const string DescriptionMarkup = "description-markup";

    /// <summary><c>compatibility</c> is longer than 500 characters.</summary>
    public const string Compatibility = "compatibility";

    /// <summary><c>metadata</c> is not a map of strings to strings.</summary>
    public const string Metadata = "metadata";

    /// <summary>A symlink, or a link in <c>SKILL.md</c>, that leads outside the folder (or nowhere).</summary>
    public const string PathEscape = "path-escape";

    /// <summary>A link in <c>SKILL.md</c> to a file of the skill that does not exist.</summary>
    public const string MissingReference = "missing-reference";

    /// <summary>The files add up to more than the upload limit (8 MiB).</summary>
    public const string UploadSize = "upload-size";

    /// <summary>The body is longer than the specification recommends (500 lines).</summary>
    public const string BodyLength = "body-length";
}
