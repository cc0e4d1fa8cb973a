using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>.</summary>
internal static class ModelsEndpoint
{
    public static async Task ListAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is null)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        await Paging.WriteListAsync(context, requestId, state.Models, m => m, WriteModel);
    }

    public static async Task GetAsync(HttpContext context, SimulatorState state, string id)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is null)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        if (!state.IsListedModel(id))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, "model: " + id);
            return;
        }

        using var body = new PooledBuffer();
        using (var w = new Utf8JsonWriter(body))
        {
            WriteModel(w, id);
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    internal static void WriteId(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? id)
    {
        if (id is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, id);
        }
    }

    private static void WriteModel(Utf8JsonWriter w, string id)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "model"u8);
        w.WriteString("id"u8, id);
        w.WriteString("display_name"u8, DisplayName(id));
        w.WriteString("created_at"u8, "2025-01-01T00:00:00Z"u8);
        w.WriteNumber("max_input_tokens"u8, 200_000);
        w.WriteNumber("max_tokens"u8, id.Contains("opus-4-1", StringComparison.Ordinal) || id.Contains("opus-4-2", StringComparison.Ordinal) ? 32_000 : 64_000);
        w.WriteNull("capabilities"u8);
        w.WriteString("lifecycle"u8, "active"u8);
        WriteId(w, "line"u8, Line(id));
        w.WriteNull("deprecated_at"u8);
        w.WriteNull("retires_at"u8);
        w.WriteEndObject();
    }

    private static string? Line(string id) =>
        id.Contains("opus", StringComparison.Ordinal) ? "opus"
        : id.Contains("sonnet", StringComparison.Ordinal) ? "sonnet"
        : id.Contains("haiku", StringComparison.Ordinal) ? "haiku"
        : null;

    private static string DisplayName(string id)
    {
        var parts = id.Split('-');
        var words = new List<string>();
        foreach (var part in parts)
        {
            if (part.Length == 8 && part.All(char.IsAsciiDigit))
            {
                continue;
            }

            words.Add(part.Length > 0 && char.IsAsciiLetter(part[0]) ? char.ToUpperInvariant(part[0]) + part[1..] : part);
        }

        return string.Join(' ', words);
    }
}
