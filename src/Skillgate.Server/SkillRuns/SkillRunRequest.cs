using System.Text.Json;
using Skillgate.Server.Errors;

namespace Skillgate.Server.SkillRuns;

/// <summary>The body of <c>POST /v1/skill-runs</c>: <c>{"skill", "input", "stream"?, "model"?, "max_tokens"?}</c>.</summary>
internal sealed record SkillRunRequest(string Skill, string Input, bool Stream, string? Model, int? MaxTokens)
{
    /// <exception cref="GatewayException">400 naming the field that is missing or of the wrong type.</exception>
    public static SkillRunRequest Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw GatewayException.InvalidRequest("The request body is not valid JSON: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw GatewayException.InvalidRequest("The request body must be a JSON object: {\"skill\": \"name\", \"input\": \"...\"}.");
            }

            var skill = String(root, "skill", required: true)!;
            var input = String(root, "input", required: true)!;
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind != JsonValueKind.Null
                ? s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : throw GatewayException.InvalidRequest("stream: Input should be a valid boolean")
                : false;
            int? maxTokens = root.TryGetProperty("max_tokens", out var m) && m.ValueKind != JsonValueKind.Null
                ? m.TryGetInt32(out var value) && value > 0 ? value : throw GatewayException.InvalidRequest("max_tokens: Input should be a positive integer")
                : null;
            return new SkillRunRequest(skill, input, stream, String(root, "model", required: false), maxTokens);
        }
    }

    private static string? String(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw GatewayException.InvalidRequest($"{name}: Field required") : null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw GatewayException.InvalidRequest($"{name}: Input should be a non-empty string");
    }
}
