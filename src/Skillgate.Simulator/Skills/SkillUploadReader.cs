using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Skills;

/// <summary>Reads and validates the <c>multipart/form-data</c> body of <c>POST /v1/skills</c> and
/// <c>POST /v1/skills/{id}/versions</c>: <c>files[]</c> (or <c>files</c>) parts whose file names carry the path inside one
/// top-level folder, and <c>display_title</c> (or the newer <c>display_name</c>).</summary>
internal static class SkillUploadReader
{
    /// <summary>The published limit on the files of one upload together.</summary>
    public const int MaxUploadBytes = 8 * 1024 * 1024;

    public static async Task<(SkillUpload? Upload, AnthropicError? Error)> ReadAsync(HttpRequest request, long maxRequestBytes,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxRequestBytes)
        {
            return (null, new AnthropicError(AnthropicErrorTypes.RequestTooLarge,
                $"Request exceeds the maximum allowed number of bytes. The maximum request size is {maxRequestBytes} bytes."));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, AnthropicError.InvalidRequest("files: Field required (the body must be multipart/form-data with 'files[]' parts)"));
        }

        var files = new List<(string Path, byte[] Content)>();
        string? title = null;
        long total = 0;
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data, cancellationToken);
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name is "files[]" or "files")
                {
                    total += data.Length;
                    if (total > MaxUploadBytes)
                    {
                        return (null, AnthropicError.InvalidRequest(
                            $"Total size of the uploaded files exceeds the maximum of {MaxUploadBytes} bytes (8 MB)."));
                    }

                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName;
                    files.Add((HeaderUtilities.RemoveQuotes(fileName).Value ?? "", data.ToArray()));
                }
                else if (name is "display_title" or "display_name")
                {
                    title = Encoding.UTF8.GetString(data.GetBuffer(), 0, (int)data.Length).Trim();
                }
            }
        }
        catch (Exception ex) when (ex is (InvalidDataException or IOException) && !cancellationToken.IsCancellationRequested)
        {
            return (null, AnthropicError.InvalidRequest("The multipart/form-data body could not be parsed: " + ex.Message));
        }

        var (upload, error) = Validate(files, string.IsNullOrEmpty(title) ? null : title);
        return (upload, error is null ? null : AnthropicError.InvalidRequest(error));
    }

    /// <summary>Checks the layout (one top-level folder, <c>SKILL.md</c> at its root, no path escaping it) and the
    /// frontmatter; returns the upload or the message of a 400.</summary>
    public static (SkillUpload? Upload, string? Error) Validate(IReadOnlyList<(string Path, byte[] Content)> parts, string? displayTitle)
    {
        if (parts.Count == 0)
        {
            return (null, "files: Field required (at least one file, including SKILL.md)");
        }

        if (displayTitle is { Length: > 255 })
        {
            return (null, "display_title: String should have at most 255 characters");
        }

        string? folder = null;
        var files = new List<SkillFile>();
        foreach (var (rawPath, content) in parts)
        {
            var segments = rawPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length < 2)
            {
                return (null, $"File '{rawPath}' must be inside a top-level directory (e.g. 'my-skill/SKILL.md').");
            }

            if (segments.Any(s => s is "." or ".."))
            {
                return (null, $"File path '{rawPath}' must not contain '.' or '..' segments.");
            }

            if (folder is not null && segments[0] != folder)
            {
                return (null, "All files must be in the same top-level directory.");
            }

            folder = segments[0];
            var path = string.Join('/', segments[1..]);
            if (files.Any(f => f.Path == path))
            {
                return (null, $"Duplicate file path '{rawPath}'.");
            }

            files.Add(new SkillFile(path, content));
        }

        var skillMd = files.FirstOrDefault(f => f.Path == "SKILL.md");
        if (skillMd is null)
        {
            return (null, "SKILL.md file must be exactly in the top-level folder.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(skillMd.Content);
        }
        catch (DecoderFallbackException)
        {
            return (null, "SKILL.md must be valid UTF-8.");
        }

        var (frontmatter, error) = SkillFrontmatter.Parse(text);
        return frontmatter is null ? (null, error) : (new SkillUpload(folder!, files, text, frontmatter, displayTitle), null);
    }
}
