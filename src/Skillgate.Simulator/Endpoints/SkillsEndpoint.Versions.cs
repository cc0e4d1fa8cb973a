using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Endpoints;

internal static partial class SkillsEndpoint
{
    /// <summary><c>POST /v1/skills/{id}/versions</c>: a new version from the same multipart layout as create; its
    /// frontmatter <c>name</c> must be the skill's.</summary>
    public static async Task VersionsCreateAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id, modify: true) is not { Skill: { } skill, RequestId: var requestId })
        {
            return;
        }

        var (upload, problem) = await SkillUploadReader.ReadAsync(context.Request, state.Options.MaxRequestBodyBytes, context.RequestAborted);
        if (upload is null)
        {
            await Responses.WriteErrorAsync(context, requestId, problem!);
            return;
        }

        var (version, error) = state.Skills.AddVersion(skill, state.Ids.Next("skillver_"), upload);
        if (version is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(error!));
            return;
        }

        await WriteAsync(context, w => WriteVersion(w, version));
    }

    public static async Task VersionsListAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id) is { Skill: { } skill, RequestId: var requestId })
        {
            await WritePageAsync(context, requestId, state.Skills.Versions(skill), v => v.Id, WriteVersion);
        }
    }

    public static async Task VersionGetAsync(HttpContext context, SimulatorState state, string id, string version)
    {
        if (await FindVersionAsync(context, state, id, version, modify: false) is { Version: { } found })
        {
            await WriteAsync(context, w => WriteVersion(w, found));
        }
    }

    public static async Task VersionDeleteAsync(HttpContext context, SimulatorState state, string id, string version)
    {
        if (await FindVersionAsync(context, state, id, version, modify: true) is { Skill: { } skill, Version: { } found })
        {
            state.Skills.DeleteVersion(skill, found);
            await WriteAsync(context, w => WriteDeleted(w, found.Id, "skill_version_deleted"u8));
        }
    }

    /// <summary><c>GET /v1/skills/{id}/versions/{version}/content</c>: the version's files as a zip with one top-level
    /// folder, the layout it was uploaded in.</summary>
    public static async Task VersionContentAsync(HttpContext context, SimulatorState state, string id, string version)
    {
        if (await FindVersionAsync(context, state, id, version, modify: false) is not { Version: { } found })
        {
            return;
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in found.Files)
            {
                var entry = archive.CreateEntry(found.Directory + "/" + file.Path, CompressionLevel.Fastest);
                entry.LastWriteTime = found.CreatedAt;
                await using var stream = await entry.OpenAsync(context.RequestAborted);
                await stream.WriteAsync(file.Content, context.RequestAborted);
            }
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/zip";
        response.ContentLength = zip.Length;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(found.Name + ".zip");
        response.Headers.ContentDisposition = disposition.ToString();
        await response.Body.WriteAsync(zip.GetBuffer().AsMemory(0, (int)zip.Length), context.RequestAborted);
    }

    private static async Task<(StoredSkill? Skill, StoredSkillVersion? Version)> FindVersionAsync(HttpContext context, SimulatorState state,
        string id, string reference, bool modify)
    {
        if (await FindAsync(context, state, id, modify) is not { Skill: { } skill, RequestId: var requestId })
        {
            return (null, null);
        }

        var version = state.Skills.FindVersion(skill, reference);
        if (version is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, $"Skill version not found: {id}/{reference}");
            return (skill, null);
        }

        return (skill, version);
    }
}
