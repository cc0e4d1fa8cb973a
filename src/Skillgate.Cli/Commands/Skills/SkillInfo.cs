using System.Text.Json;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>A skill as the Skills API describes it, read from either shape of the answer.</summary>
internal sealed record SkillInfo(string Id, string? Title, string? LatestVersion, string? Source, string? UpdatedAt)
{
    public static SkillInfo From(JsonElement skill) => new(
        SkillsApi.Text(skill, "id") ?? throw new JsonException("The skill has no id."),
        SkillsApi.Text(skill, "display_name") ?? SkillsApi.Text(skill, "display_title"),
        SkillsApi.Text(skill, "latest_version_id") ?? SkillsApi.Text(skill, "latest_version"),
        SkillsApi.Text(skill, "source"),
        SkillsApi.Text(skill, "updated_at") ?? SkillsApi.Text(skill, "created_at"));
}
