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

        await Paging.WriteListAsync(context, requestId, state.Files.List(key.Workspace), f => f.Id, WriteFile, nextPage: true);
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
