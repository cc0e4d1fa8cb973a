using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Skillgate.Skills;
using Skillgate.Upstream;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// The Anthropic Skills API over <see cref="IUpstreamClient.SendRawAsync"/>, in the shapes of the official SDK
/// (<c>client.Beta.Skills</c>): <c>POST /v1/skills</c> and <c>POST /v1/skills/{id}/versions</c> take multipart
/// <c>files[]</c> (each named by its path under the skill's top-level folder); answers are read in both the current
/// shape (<c>display_name</c>, <c>latest_version_id</c>, a version's <c>id</c>) and the earlier one
/// (<c>display_title</c>, <c>latest_version</c>, a version's <c>version</c>).
/// </summary>
internal sealed class SkillsApi(IUpstreamClient client)
{
    public const string Beta = "skills-2025-10-02";
    public const long MaxArchiveBytes = 64L * 1024 * 1024;

    private static readonly KeyValuePair<string, string>[] BetaHeaders = [new("anthropic-beta", Beta)];

    public async Task<SkillInfo?> GetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await SendJsonAsync(new UpstreamRequest(HttpMethod.Get, $"/v1/skills/{Uri.EscapeDataString(id)}"), cancellationToken);
            return SkillInfo.From(json.RootElement);
        }
        catch (UpstreamException ex) when (ex.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<SkillInfo> CreateAsync(SkillFolder folder, string? title, CancellationToken cancellationToken)
    {
        var (body, contentType) = await MultipartAsync(folder, title, cancellationToken);
        using var json = await SendJsonAsync(new UpstreamRequest(HttpMethod.Post, "/v1/skills", body) { ContentType = contentType }, cancellationToken);
        return SkillInfo.From(json.RootElement);
    }

    public async Task<string> CreateVersionAsync(string id, SkillFolder folder, CancellationToken cancellationToken)
    {
        var (body, contentType) = await MultipartAsync(folder, title: null, cancellationToken);
        var request = new UpstreamRequest(HttpMethod.Post, $"/v1/skills/{Uri.EscapeDataString(id)}/versions", body) { ContentType = contentType };
        using var json = await SendJsonAsync(request, cancellationToken);
        return VersionOf(json.RootElement) ?? throw new UpstreamException("The new version's answer names no version.");
    }

    public async Task<JsonDocument> ListAsync(int limit, string? source, string? page, CancellationToken cancellationToken)
    {
        var query = $"/v1/skills?limit={limit}"
            + (source is null ? string.Empty : $"&source={Uri.EscapeDataString(source)}")
            + (page is null ? string.Empty : $"&page={Uri.EscapeDataString(page)}");
        return await SendJsonAsync(new UpstreamRequest(HttpMethod.Get, query), cancellationToken);
    }

    /// <summary>Downloads a version's zip, refusing one larger than <see cref="MaxArchiveBytes"/> before it is all read.</summary>
    public async Task<byte[]> DownloadAsync(string id, string version, CancellationToken cancellationToken)
    {
        var path = $"/v1/skills/{Uri.EscapeDataString(id)}/versions/{Uri.EscapeDataString(version)}/content";
        await using var response = await client.SendRawAsync(With(new UpstreamRequest(HttpMethod.Get, path)), cancellationToken);
        if (response.ContentLength > MaxArchiveBytes)
        {
            throw new SkillArchiveException($"the archive is {SizeOf(response.ContentLength.Value)}, over the cap of {SizeOf(MaxArchiveBytes)}");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await response.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxArchiveBytes)
            {
                throw new SkillArchiveException($"the archive is over the cap of {SizeOf(MaxArchiveBytes)}");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A version's identifier: <c>version</c> (earlier shape) or <c>id</c> (current).</summary>
    public static string? VersionOf(JsonElement version) =>
        Text(version, "version") ?? Text(version, "id");

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string SizeOf(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";

    private static UpstreamRequest With(UpstreamRequest request) => new(request.Method, request.Path, request.Body)
    {
        ContentType = request.ContentType,
        Headers = BetaHeaders,
    };

    private async Task<JsonDocument> SendJsonAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        await using var response = await client.SendRawAsync(With(request), cancellationToken);
        return await JsonDocument.ParseAsync(response.Body, cancellationToken: cancellationToken);
    }

    private static async Task<(byte[] Body, string ContentType)> MultipartAsync(SkillFolder folder, string? title, CancellationToken cancellationToken)
    {
        using var content = new MultipartFormDataContent();
        foreach (var file in folder.Files)
        {
            var part = new ByteArrayContent(await File.ReadAllBytesAsync(file.FullPath, cancellationToken));
            part.Headers.ContentType = new MediaTypeHeaderValue(file.RelativePath.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown" : "application/octet-stream");
            content.Add(part, "files[]", $"{folder.Name}/{file.RelativePath}");
        }

        if (title is not null)
        {
            // The current API's field (display_title before the 2026 rename; the simulator takes both).
            content.Add(new StringContent(title), "display_name");
        }

        return (await content.ReadAsByteArrayAsync(cancellationToken), content.Headers.ContentType!.ToString());
    }
}
