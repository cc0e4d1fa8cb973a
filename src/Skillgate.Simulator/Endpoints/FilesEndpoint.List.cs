using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Files;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

internal static partial class FilesEndpoint
{
    /// <summary><c>GET /v1/files</c>: the workspace's files, newest first, paged by <c>limit</c>, <c>after_id</c>,
    /// <c>before_id</c> or the <c>page</c> cursor; the page has both <c>has_more</c>/<c>first_id</c>/<c>last_id</c> and
    /// <c>next_page</c>, so SDKs of either pagination style can walk it.</summary>
    public static async Task ListAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        var files = state.Files.List(key.Workspace);
        if (!Paging.TryPage(context.Request, files, f => f.Id, out var start, out var count, out var hasMore, out var pageError))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(pageError!));
            return;
        }

        using var body = new PooledBuffer();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            for (var i = start; i < start + count; i++)
            {
                WriteFile(w, files[i]);
            }

            w.WriteEndArray();
            var lastId = count > 0 ? files[start + count - 1].Id : null;
            w.WriteBoolean("has_more"u8, hasMore);
            ModelsEndpoint.WriteId(w, "first_id"u8, count > 0 ? files[start].Id : null);
            ModelsEndpoint.WriteId(w, "last_id"u8, lastId);
            ModelsEndpoint.WriteId(w, "next_page"u8, hasMore && lastId is not null ? Paging.PageCursor(lastId) : null);
            w.WriteEndObject();
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    private static void WriteFile(Utf8JsonWriter w, StoredFile file)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, file.Id);
        w.WriteString("type"u8, "file"u8);
        w.WriteString("filename"u8, file.Filename);
        w.WriteString("mime_type"u8, file.MimeType);
        w.WriteNumber("size_bytes"u8, file.Content.Length);
        JsonTime.Write(w, "created_at"u8, file.CreatedAt);
        w.WriteBoolean("downloadable"u8, file.Downloadable);
        JsonTime.Write(w, "expires_at"u8, file.ExpiresAt);
        w.WriteEndObject();
    }
}
