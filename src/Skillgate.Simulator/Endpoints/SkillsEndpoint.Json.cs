using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Endpoints;

internal static partial class SkillsEndpoint
{
    /// <summary>A skill in the shape of the official SDKs of 2026 (<c>display_name</c>, <c>latest_version_id</c>,
    /// <c>source: {"type": ...}</c>), plus the 2025 names that do not clash (<c>display_title</c>,
    /// <c>latest_version</c>), so clients of either generation read it.</summary>
    private static void WriteSkill(Utf8JsonWriter w, SimulatorState state, StoredSkill skill)
    {
        var latest = state.Skills.FindVersion(skill, SkillStore.Latest);
        w.WriteStartObject();
        w.WriteString("id"u8, skill.Id);
        w.WriteString("type"u8, "skill"u8);
        w.WriteString("display_name"u8, skill.DisplayTitle);
        w.WriteString("display_title"u8, skill.DisplayTitle);
        w.WriteStartObject("source"u8);
        w.WriteString("type"u8, skill.Source);
        w.WriteEndObject();
        ModelsEndpoint.WriteId(w, "latest_version_id"u8, latest?.Id);
        ModelsEndpoint.WriteId(w, "latest_version"u8, latest?.Version);
        JsonTime.Write(w, "created_at"u8, skill.CreatedAt);
        JsonTime.Write(w, "updated_at"u8, skill.UpdatedAt);
        w.WriteEndObject();
    }

    /// <summary>A version: the 2026 fields (<c>id</c>, <c>skill_id</c>, <c>name</c>, <c>description</c>,
    /// <c>created_at</c>) plus the 2025 <c>version</c> and <c>directory</c>.</summary>
    private static void WriteVersion(Utf8JsonWriter w, StoredSkillVersion version)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, version.Id);
        w.WriteString("type"u8, "skill_version"u8);
        w.WriteString("skill_id"u8, version.SkillId);
        w.WriteString("version"u8, version.Version);
        w.WriteString("name"u8, version.Name);
        w.WriteString("description"u8, version.Description);
        w.WriteString("directory"u8, version.Directory);
        JsonTime.Write(w, "created_at"u8, version.CreatedAt);
        w.WriteEndObject();
    }

    private static void WriteDeleted(Utf8JsonWriter w, string id, ReadOnlySpan<byte> type)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, id);
        w.WriteString("type"u8, type);
        w.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        using var body = new PooledBuffer(512);
        using (var w = new Utf8JsonWriter(body))
        {
            write(w);
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    /// <summary>A list page: <c>data</c>, <c>has_more</c> and the <c>next_page</c> cursor (null on the last page), paged by
    /// <c>limit</c> (1..1000, default 20) and <c>page</c>.</summary>
    private static async Task WritePageAsync<T>(HttpContext context, string requestId, IReadOnlyList<T> items, Func<T, string> id,
        Action<Utf8JsonWriter, T> write)
    {
        if (!Paging.TryPage(context.Request, items, id, out var start, out var count, out var hasMore, out var pageError))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(pageError!));
            return;
        }

        await WriteAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            for (var i = start; i < start + count; i++)
            {
                write(w, items[i]);
            }

            w.WriteEndArray();
            w.WriteBoolean("has_more"u8, hasMore);
            var lastId = count > 0 ? id(items[start + count - 1]) : null;
            ModelsEndpoint.WriteId(w, "next_page"u8, hasMore && lastId is not null ? Paging.PageCursor(lastId) : null);
            w.WriteEndObject();
        });
    }
}
