using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Skills;
using Skillgate.Upstream;
using Spectre.Console;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>How the <c>skills</c> commands print: problems as <c>path:line: error code: message</c>, one per line and
/// never wrapped (editors and CI annotate from it), JSON compact on one line, errors in red.</summary>
internal static class SkillsOutput
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Line(IAnsiConsole console, string text) => console.Profile.Out.Writer.WriteLine(text);

    public static void Json(IAnsiConsole console, JsonNode node) => Line(console, node.ToJsonString(Compact));

    public static void Error(IAnsiConsole console, string message) => console.MarkupLineInterpolated($"[red]error:[/] {message}");

    /// <summary>A problem's location: the folder joined with the problem's file (the folder itself for <c>.</c>).</summary>
    public static string Where(string directory, SkillProblem problem)
    {
        var path = problem.File == "." ? directory.TrimEnd('/') : Path.Join(directory, problem.File);
        return problem.Line is { } line ? $"{path}:{line}" : path;
    }

    public static void Problems(IAnsiConsole console, SkillValidationResult result)
    {
        foreach (var problem in result.Problems)
        {
            Line(console, $"{Where(result.Directory, problem)}: {(problem.IsError ? "error" : "warning")} {problem.Code}: {problem.Message}");
        }
    }

    public static JsonObject ToJson(SkillValidationResult result) => new()
    {
        ["path"] = result.Directory,
        ["name"] = result.Definition?.Name,
        ["valid"] = result.IsValid,
        ["problems"] = new JsonArray([.. result.Problems.Select(p => (JsonNode)new JsonObject
        {
            ["file"] = p.File,
            ["line"] = p.Line,
            ["severity"] = p.IsError ? "error" : "warning",
            ["code"] = p.Code,
            ["message"] = p.Message,
        })]),
    };

    /// <summary>The upstream's own error message (from its Anthropic error body) and status, never a key.</summary>
    public static string Describe(UpstreamException ex)
    {
        var message = ex.Message;
        if (!ex.UpstreamBody.IsEmpty)
        {
            try
            {
                using var body = JsonDocument.Parse(ex.UpstreamBody);
                if (body.RootElement.TryGetProperty("error", out var error) && SkillsApi.Text(error, "message") is { } upstreamMessage)
                {
                    message = upstreamMessage;
                }
            }
            catch (JsonException)
            {
                // Not an Anthropic error body: the transport's message stands.
            }
        }

        return $"upstream answered {ex.StatusCode} {ex.ErrorType}: {message}";
    }
}
