using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Skillgate.Simulator.Tests.Endpoints;

/// <summary>The Files API over raw HTTP: the wire shapes, workspaces, limits and bad uploads.</summary>
public sealed class FilesEndpointTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;
    private HttpClient _a = null!;
    private HttpClient _b = null!;

    public async Task InitializeAsync()
    {
        var options = WorkspaceOptions.TwoWorkspaces();
        options.MaxRequestBodyBytes = 64 * 1024;
        options.MaxStoredFileBytes = 100 * 1024;
        _sim = await SimulatorHost.StartAsync(options);
        _a = SimTestHelpers.Client(_sim, WorkspaceOptions.KeyA);
        _b = SimTestHelpers.Client(_sim, WorkspaceOptions.KeyB);
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _sim.DisposeAsync();
    }

    internal static MultipartFormDataContent Form(byte[] bytes, string? filename = "notes.txt", string? contentType = "text/plain",
        string? expiresInSeconds = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (filename is null)
        {
            form.Add(file, "file");
        }
        else
        {
            form.Add(file, "file", filename);
        }

        if (expiresInSeconds is not null)
        {
            form.Add(new StringContent(expiresInSeconds), "expires_in_seconds");
        }

        return form;
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] bytes, string filename = "notes.txt", string contentType = "text/plain")
    {
        using var response = await client.PostAsync("/v1/files", Form(bytes, filename, contentType));
        Assert.Equal(200, (int)response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Upload_ReturnsFileObject_ContentRoundTrips()
    {
        var bytes = Encoding.UTF8.GetBytes("hello files");

        var file = await UploadAsync(_a, bytes);
        var id = file.GetProperty("id").GetString()!;
        using var content = await _a.GetAsync($"/v1/files/{id}/content");

        Assert.StartsWith("file_01", id, StringComparison.Ordinal);
        Assert.Equal("file", file.GetProperty("type").GetString());
        Assert.Equal("notes.txt", file.GetProperty("filename").GetString());
        Assert.Equal("text/plain", file.GetProperty("mime_type").GetString());
        Assert.Equal(bytes.Length, file.GetProperty("size_bytes").GetInt64());
        Assert.True(file.GetProperty("downloadable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("expires_at").ValueKind);
        Assert.True(DateTimeOffset.TryParse(file.GetProperty("created_at").GetString(), out _));
        Assert.Equal(200, (int)content.StatusCode);
        Assert.Equal("text/plain", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal("wrkspc_a", content.Headers.GetValues("anthropic-workspace-id").Single());
    }

    [Fact]
    public async Task OtherWorkspace_404NotFound_ListEmpty()
    {
        var id = (await UploadAsync(_a, [1, 2, 3])).GetProperty("id").GetString()!;

        using var metadata = await _b.GetAsync($"/v1/files/{id}");
        using var content = await _b.GetAsync($"/v1/files/{id}/content");
        using var delete = await _b.DeleteAsync($"/v1/files/{id}");
        var list = await (await _b.GetAsync("/v1/files")).ReadJsonAsync();

        await SimTestHelpers.AssertErrorAsync(metadata, 404, "not_found_error", id);
        await SimTestHelpers.AssertErrorAsync(content, 404, "not_found_error");
        await SimTestHelpers.AssertErrorAsync(delete, 404, "not_found_error");
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
        Assert.False(list.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("first_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, list.GetProperty("next_page").ValueKind);
        using var own = await _a.GetAsync($"/v1/files/{id}");
        Assert.Equal(200, (int)own.StatusCode);
    }

    [Fact]
    public async Task Delete_ReturnsFileDeleted_ThenGone()
    {
        var id = (await UploadAsync(_a, [1])).GetProperty("id").GetString()!;

        var deleted = await (await _a.DeleteAsync($"/v1/files/{id}")).ReadJsonAsync();
        using var again = await _a.DeleteAsync($"/v1/files/{id}");

        Assert.Equal(id, deleted.GetProperty("id").GetString());
        Assert.Equal("file_deleted", deleted.GetProperty("type").GetString());
        await SimTestHelpers.AssertErrorAsync(again, 404, "not_found_error");
    }

    [Fact]
    public async Task List_PagesNewestFirst_WithCursorAndIds()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await UploadAsync(_a, [(byte)i], $"f{i}.bin")).GetProperty("id").GetString()!);
        }

        var first = await (await _a.GetAsync("/v1/files?limit=2")).ReadJsonAsync();
        var byCursor = await (await _a.GetAsync("/v1/files?limit=2&page=" + first.GetProperty("next_page").GetString())).ReadJsonAsync();
        var byAfter = await (await _a.GetAsync("/v1/files?limit=2&after_id=" + first.GetProperty("last_id").GetString())).ReadJsonAsync();
        var back = await (await _a.GetAsync("/v1/files?limit=2&before_id=" + ids[0])).ReadJsonAsync();

        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2], first.GetProperty("first_id").GetString());
        Assert.Equal([ids[0]], Ids(byCursor));
        Assert.Equal(JsonValueKind.Null, byCursor.GetProperty("next_page").ValueKind);
        Assert.Equal(Ids(byCursor), Ids(byAfter));
        Assert.Equal([ids[2], ids[1]], Ids(back));
    }

    [Fact]
    public async Task Upload_PathInFilename_KeepsLastComponent_GuessesMimeType()
    {
        var file = await UploadAsync(_a, "%PDF-1.4"u8.ToArray(), "C:\\docs\\q3/report.pdf", "application/octet-stream");

        Assert.Equal("report.pdf", file.GetProperty("filename").GetString());
        Assert.Equal("application/pdf", file.GetProperty("mime_type").GetString());
    }

    [Fact]
    public async Task Upload_ExpiresInSeconds_SetsExpiresAt_OutOfRange400()
    {
        using var ok = await _a.PostAsync("/v1/files", Form([1], expiresInSeconds: "3600"));
        using var bad = await _a.PostAsync("/v1/files", Form([1], expiresInSeconds: "60"));

        var file = await ok.ReadJsonAsync();
        var created = DateTimeOffset.Parse(file.GetProperty("created_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(file.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(1), expires - created);
        await SimTestHelpers.AssertErrorAsync(bad, 400, "invalid_request_error", "expires_in_seconds");
    }

    [Fact]
    public async Task Upload_BadBodies_400()
    {
        using var json = await _a.PostAsync("/v1/files", SimTestHelpers.Json("{}"));
        var noFile = new MultipartFormDataContent { { new StringContent("x"), "purpose" } };
        using var missing = await _a.PostAsync("/v1/files", noFile);
        using var broken = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end"u8.ToArray());
        broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        using var truncated = await _a.PostAsync("/v1/files", broken);

        await SimTestHelpers.AssertErrorAsync(json, 400, "invalid_request_error", "file");
        await SimTestHelpers.AssertErrorAsync(missing, 400, "invalid_request_error", "file: Field required");
        await SimTestHelpers.AssertErrorAsync(truncated, 400, "invalid_request_error");
    }

    [Fact]
    public async Task Upload_OverRequestLimit_413()
    {
        using var response = await _a.PostAsync("/v1/files", Form(new byte[65 * 1024]));

        await SimTestHelpers.AssertErrorAsync(response, 413, "request_too_large");
    }

    [Fact]
    public async Task Upload_OverStorageQuota_400WithErrorCode_FreedByDelete()
    {
        var first = (await UploadAsync(_a, new byte[60 * 1024])).GetProperty("id").GetString()!;

        using var full = await _b.PostAsync("/v1/files", Form(new byte[50 * 1024]));
        var error = (await full.ReadJsonAsync()).GetProperty("error");
        await _a.DeleteAsync($"/v1/files/{first}");
        using var after = await _b.PostAsync("/v1/files", Form(new byte[50 * 1024]));

        Assert.Equal(400, (int)full.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("storage_quota_exceeded", error.GetProperty("details").GetProperty("error_code").GetString());
        Assert.Equal(200, (int)after.StatusCode);
    }

    [Fact]
    public async Task Files_WithoutOrWithUnknownKey_401()
    {
        using var anonymous = SimTestHelpers.Client(_sim, key: null);
        using var unknown = SimTestHelpers.Client(_sim, "sk-nope");

        using var upload = await anonymous.PostAsync("/v1/files", Form([1]));
        using var list = await unknown.GetAsync("/v1/files");
        using var get = await anonymous.GetAsync("/v1/files/file_x/content");

        await SimTestHelpers.AssertErrorAsync(upload, 401, "authentication_error");
        await SimTestHelpers.AssertErrorAsync(list, 401, "authentication_error");
        await SimTestHelpers.AssertErrorAsync(get, 401, "authentication_error");
    }

    [Fact]
    public async Task DefaultWorkspaceKey_NoWorkspaceHeader_OwnFiles()
    {
        using var none = SimTestHelpers.Client(_sim, WorkspaceOptions.KeyDefault);
        await UploadAsync(_a, [1]);

        using var list = await none.GetAsync("/v1/files");

        Assert.False(list.Headers.Contains("anthropic-workspace-id"));
        Assert.Equal(0, (await list.ReadJsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task NotDownloadable_ReportsFalse_Content400WithErrorCode()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { FilesDownloadable = false });
        using var client = SimTestHelpers.Client(sim);

        var file = await UploadAsync(client, [1, 2]);
        using var content = await client.GetAsync($"/v1/files/{file.GetProperty("id").GetString()}/content");

        Assert.False(file.GetProperty("downloadable").GetBoolean());
        Assert.Equal(400, (int)content.StatusCode);
        var error = (await content.ReadJsonAsync()).GetProperty("error");
        Assert.Equal("file_not_downloadable", error.GetProperty("details").GetProperty("error_code").GetString());
    }

    private static string[] Ids(JsonElement list) =>
        list.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
}
