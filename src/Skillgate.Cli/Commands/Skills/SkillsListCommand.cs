using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Upstream;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary><c>skillgate skills list</c>: one page of the upstream's skills (id, title, source, latest version).</summary>
internal sealed class SkillsListCommand(IAnsiConsole console) : AsyncCommand<SkillsListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SkillsListSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var upstream = SkillsUpstream.Create(settings, out var error);
        if (upstream is null)
        {
            SkillsOutput.Error(console, error!);
            return 2;
        }

        JsonDocument page;
        try
        {
            page = await upstream.Api.ListAsync(settings.Limit, settings.Source, settings.Page, cancellationToken);
        }
        catch (UpstreamException ex)
        {
            SkillsOutput.Error(console, SkillsOutput.Describe(ex));
            return 1;
        }

        using (page)
        {
            var skills = page.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                ? data.EnumerateArray().Select(SkillInfo.From).ToList()
                : [];
            var next = SkillsApi.Text(page.RootElement, "next_page");
            if (settings.Json)
            {
                SkillsOutput.Json(console, new JsonObject
                {
                    ["data"] = new JsonArray([.. skills.Select(s => (JsonNode)new JsonObject
                    {
                        ["skill_id"] = s.Id,
                        ["display_title"] = s.Title,
                        ["source"] = s.Source,
                        ["latest_version"] = s.LatestVersion,
                        ["updated_at"] = s.UpdatedAt,
                    })]),
                    ["next_page"] = next,
                });
                return 0;
            }

            if (skills.Count == 0)
            {
                SkillsOutput.Line(console, "no skills");
                return 0;
            }

            var table = new Table().AddColumns("skill_id", "title", "source", "latest version", "updated");
            foreach (var s in skills)
            {
                table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Title ?? ""), Markup.Escape(s.Source ?? ""), Markup.Escape(s.LatestVersion ?? ""), Markup.Escape(s.UpdatedAt ?? ""));
            }

            console.Write(table);
            if (next is not null)
            {
                SkillsOutput.Line(console, $"more: skillgate skills list --page {next}");
            }

            return 0;
        }
    }
}
