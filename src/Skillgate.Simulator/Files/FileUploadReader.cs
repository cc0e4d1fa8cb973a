using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Files;

/// <summary>Reads the <c>multipart/form-data</c> body of <c>POST /v1/files</c>, bounded in bytes.</summary>
internal static class FileUploadReader
{
    public const int MinExpiresInSeconds = 3600;
    public const int MaxExpiresInSeconds = 7_776_000;
    private const string OctetStream = "application/octet-stream";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>The upload, or the error to answer (400 for a malformed body, 413 above <paramref name="maxBytes"/>).</summary>
    public static async Task<(FileUpload? Upload, AnthropicError? Error)> ReadAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, AnthropicError.InvalidRequest("file: Field required (the body must be multipart/form-data with a 'file' part)"));
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, AnthropicError.InvalidRequest("The multipart/form-data body has no boundary."));
        }

        try
        {
            return await ReadSectionsAsync(new MultipartReader(boundary, request.Body) { BodyLengthLimit = null }, maxBytes, cancellationToken);
        }
        catch (Exception ex) when (ex is (InvalidDataException or IOException) && !cancellationToken.IsCancellationRequested)
        {
            return (null, AnthropicError.InvalidRequest("The multipart/form-data body could not be parsed: " + ex.Message));
        }
    }

    private static async Task<(FileUpload?, AnthropicError?)> ReadSectionsAsync(MultipartReader reader, long maxBytes,
        CancellationToken cancellationToken)
    {
        long total = 0;
        byte[]? content = null;
        string? filename = null, mimeType = null;
        int? expires = null;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            using var data = new MemoryStream();
            await CopyBoundedAsync(section.Body, data, maxBytes - total, cancellationToken);
            total += data.Length;
            if (total > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "file")
            {
                content = data.ToArray();
                filename = CleanFilename(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                mimeType = section.ContentType;
            }
            else if (name == "expires_in_seconds")
            {
                var text = System.Text.Encoding.UTF8.GetString(data.GetBuffer(), 0, (int)data.Length).Trim();
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                    || seconds is < MinExpiresInSeconds or > MaxExpiresInSeconds)
                {
                    return (null, AnthropicError.InvalidRequest(
                        $"expires_in_seconds: Input should be an integer between {MinExpiresInSeconds} and {MaxExpiresInSeconds}"));
                }

                expires = seconds;
            }
        }

        if (content is null)
        {
            return (null, AnthropicError.InvalidRequest("file: Field required"));
        }

        return (new FileUpload(filename!, MimeTypeOf(mimeType, filename!), content, expires), null);
    }

    // Reads at most limit + 1 bytes, so a caller sees that the limit was passed without reading the rest.
    private static async Task CopyBoundedAsync(Stream source, MemoryStream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            target.Write(buffer, 0, read);
            if (target.Length > limit)
            {
                return;
            }
        }
    }

    // Only the last path component is kept, as the real API does; no name becomes "unnamed".
    private static string CleanFilename(string? name)
    {
        var path = (name ?? "").Replace('\\', '/');
        var last = path[(path.LastIndexOf('/') + 1)..].Trim();
        return last.Length > 0 ? last : "unnamed";
    }

    private static string MimeTypeOf(string? declared, string filename)
    {
        if (!string.IsNullOrWhiteSpace(declared) && !declared.StartsWith(OctetStream, StringComparison.OrdinalIgnoreCase))
        {
            return declared.Trim();
        }

        return ContentTypes.TryGetContentType(filename, out var guessed) ? guessed : OctetStream;
    }

    private static AnthropicError TooLarge(long maxBytes) => new(AnthropicErrorTypes.RequestTooLarge,
        $"Request exceeds the maximum allowed number of bytes. The simulator accepts files up to {maxBytes} bytes (the request body limit).");
}
