using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.BadInput;

/// <summary>Broken, hostile and oddly named uploads: a 400/413 naming the problem, never a 500, and the log untouched.</summary>
public sealed class DocumentBadInputTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private const string PdfType = "application/pdf";
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static TheoryData<string, string, string, string> BrokenFiles() => new()
    {
        { "random", "a.pdf", PdfType, "not a PDF" },
        { "pdf-header-random", "a.pdf", PdfType, "not a readable PDF document" },
        { "pdf-truncated", "a.pdf", PdfType, "not a readable PDF document" },
        { "pdf-encrypted", "locked.pdf", PdfType, "not a readable PDF document" },
        { "random", "", PdfType, "not a PDF" },
        { "zip-random", "a.docx", DocxType, "not a readable DOCX document" },
        { "docx-truncated", "a.docx", DocxType, "not a readable DOCX document" },
        { "docx-bomb", "bomb.docx", DocxType, "too large to convert as DOCX" },
        { "random", "", DocxType, "not a DOCX" },
        { "zip-random", "a.xlsx", XlsxType, "not a readable XLSX document" },
        { "xlsx-truncated", "a.xlsx", XlsxType, "not a readable XLSX document" },
        { "random", "a.xlsx", XlsxType, "not an XLSX" },
        { "xlsx-far-cell", "far.xlsx", XlsxType, "too large to convert as XLSX" },
        { "zip-random", "a.zip", "application/zip", "Unsupported document type" },
        { "random", "a.txt", "text/plain", "not valid UTF-8" },
        { "random", "a.exe", "application/octet-stream", "Unsupported document type" },
        { "random", "", "", "Unsupported document type" },
        { "empty", "a.txt", "text/plain", "empty" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task Upload_BrokenOrUnsupported_400AndLogUnchanged(string kind, string fileName, string contentType, string expected)
    {
        var id = await shared.Gateway.CreateAsync();
        var before = await shared.SnapshotAsync(id);
        var path = $"v1/conversations/{id}/documents" + (fileName.Length > 0 ? "?filename=" + fileName : "");

        using var response = await shared.Client.PostAsync(path, SharedGateway.Bytes(File(kind), contentType.Length > 0 ? contentType : null));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.True(message.Length < 600, message);
        Assert.Equal(before, await shared.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x--\r\n", "multipart/form-data; boundary=x", "no file part")]
    [InlineData("--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b.txt\"\r\n\r\nv", "multipart/form-data; boundary=x", "multipart body is malformed")]
    [InlineData("junk", "multipart/form-data", "multipart body is malformed")]
    [InlineData("junk", "multipart/form-data; boundary=\"\"", "multipart body is malformed")]
    [InlineData("", "multipart/form-data; boundary=x", "no file part")]
    public async Task Upload_BadMultipart_400(string body, string contentType, string expected)
    {
        var id = await shared.Gateway.CreateAsync();

        using var response = await shared.Client.PostAsync($"v1/conversations/{id}/documents", SharedGateway.Bytes(Encoding.UTF8.GetBytes(body), contentType));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_OverTheBodyLimit_413AndLogUnchanged(bool multipart)
    {
        var id = await shared.Gateway.CreateAsync();
        var before = await shared.SnapshotAsync(id);
        var big = new byte[5 * 1024 * 1024];
        big.AsSpan().Fill((byte)'a');
        HttpContent content = SharedGateway.Bytes(big, "text/plain");
        if (multipart)
        {
            content = new MultipartFormDataContent { { content, "file", "big.txt" } };
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/conversations/{id}/documents") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await shared.Client.SendAsync(request);

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(before, await shared.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("filename=..%2F..%2Fetc%2Fpasswd.txt", null, "passwd.txt")]
    [InlineData("filename=..%5C..%5Cwindows%5Cevil.txt", null, "evil.txt")]
    [InlineData("filename=a%0Ab%00c%1B%E2%80%A8d.txt", null, "abcd.txt")]
    [InlineData("filename=%2E%2E", "text/plain", "document.txt")]
    [InlineData("", "/etc/shadow.md", "shadow.md")]
    public async Task Upload_HostileFileName_StoredUnderItsLastSegmentWithoutControls(string query, string? header, string expected)
    {
        var id = await shared.Gateway.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/conversations/{id}/documents?{query}")
        {
            Content = SharedGateway.Bytes(Encoding.UTF8.GetBytes("note for " + query + header), "text/plain"),
        };
        if (header is not null && header.StartsWith('/'))
        {
            request.Headers.TryAddWithoutValidation("x-filename", header);
        }

        using var response = await shared.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, SharedGateway.Parse(await response.Content.ReadAsStringAsync())["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_VeryLongFileName_ShortenedKeepingItsExtension()
    {
        var id = await shared.Gateway.CreateAsync();
        var multipart = new MultipartFormDataContent();
        var file = new ByteArrayContent("long name"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        multipart.Add(file, "file", new string('n', 5000) + ".md");

        using var response = await shared.Client.PostAsync($"v1/conversations/{id}/documents", multipart);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = SharedGateway.Parse(await response.Content.ReadAsStringAsync())["name"]!.GetValue<string>();
        Assert.Equal(200, name.Length);
        Assert.EndsWith("nnn.md", name, StringComparison.Ordinal);
    }

    private static byte[] File(string kind)
    {
        var random = new Random(kind.Length);
        var noise = new byte[4000];
        random.NextBytes(noise);
        noise[0] = 0xFF;
        return kind switch
        {
            "random" => noise,
            "empty" => [],
            "pdf-header-random" => [.. "%PDF-1.7\n"u8, .. noise],
            "pdf-truncated" => TestFiles.Pdf([["Hello"], ["World"]])[..300],
            "pdf-encrypted" => HostileFiles.EncryptedPdf(),
            "zip-random" => [.. "PK\u0003\u0004"u8, .. noise],
            "docx-truncated" => TestFiles.Docx("H", ["one"], [["a"]])[..700],
            "xlsx-truncated" => TestFiles.Xlsx("S", [["a", 1]])[..700],
            "docx-bomb" => HostileFiles.DocxBomb(300),
            "xlsx-far-cell" => HostileFiles.FarCellXlsx(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
