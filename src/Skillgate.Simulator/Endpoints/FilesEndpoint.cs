using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Skillgate.Protocol;
using Skillgate.Simulator.Files;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

/// <summary>The Files API (beta, <c>anthropic-beta: files-api-2025-04-14</c>, accepted without it):
/// <c>POST /v1/files</c> (multipart), <c>GET /v1/files</c>, <c>GET .../{id}</c>, <c>GET .../{id}/content</c>,
/// <c>DELETE .../{id}</c>; every file belongs to the uploading key's workspace.</summary>
internal static partial class FilesEndpoint
{
    public static async Task UploadAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        var (upload, problem) = await FileUploadReader.ReadAsync(context.Request, state.Options.MaxRequestBodyBytes, context.RequestAborted);
        if (upload is null)
        {
            await Responses.WriteErrorAsync(context, requestId, problem!);
            return;
        }

        var now = state.Time.GetUtcNow();
        var file = new StoredFile
        {
            Id = state.Ids.Next("file_"),
            Workspace = key.Workspace,
            Filename = upload.Filename,
            MimeType = upload.MimeType,
            Content = upload.Content,
            CreatedAt = now,
            ExpiresAt = upload.ExpiresInSeconds is { } seconds ? now.AddSeconds(seconds) : null,
            Downloadable = state.Options.FilesDownloadable,
        };
        if (!state.Files.TryAdd(file))
        {
            await Responses.WriteCodedErrorAsync(context, requestId, AnthropicError.InvalidRequest(
                $"File storage quota exceeded: the simulator keeps at most {state.Options.MaxStoredFileBytes} bytes of files (maxStoredFileBytes); delete files and retry."),
                "storage_quota_exceeded");
            return;
        }

        await WriteFileAsync(context, file);
    }

    public static async Task GetAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id) is { } file)
        {
            await WriteFileAsync(context, file);
        }
    }

    public static async Task ContentAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id) is not { } file)
        {
            return;
        }

        if (!file.Downloadable)
        {
            await Responses.WriteCodedErrorAsync(context, context.Response.Headers[RateLimitHeaders.RequestId]!, AnthropicError.InvalidRequest(
                $"File {id} is not downloadable: only files created by tools (such as code execution) can be downloaded."), "file_not_downloadable");
            return;
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = file.MimeType;
        response.ContentLength = file.Content.Length;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.Filename);
        response.Headers.ContentDisposition = disposition.ToString();
        await response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    public static async Task DeleteAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id) is not { } file)
        {
            return;
        }

        state.Files.Delete(file);
        using var body = new PooledBuffer(128);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("id"u8, file.Id);
            w.WriteString("type"u8, "file_deleted"u8);
            w.WriteEndObject();
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    private static async Task<StoredFile?> FindAsync(HttpContext context, SimulatorState state, string id)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return null;
        }

        var file = state.Files.Find(key.Workspace, id);
        if (file is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, "File not found: " + id);
        }

        return file;
    }

    private static async Task WriteFileAsync(HttpContext context, StoredFile file)
    {
        using var body = new PooledBuffer(512);
        using (var w = new Utf8JsonWriter(body))
        {
            WriteFile(w, file);
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }
}
