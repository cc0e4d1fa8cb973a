using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.RateLimiting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Endpoints;

/// <summary>The Skills API (beta, <c>anthropic-beta: skills-2025-10-02</c>, accepted without it): <c>POST /v1/skills</c>
/// (multipart), <c>GET /v1/skills</c>, <c>GET</c>/<c>DELETE /v1/skills/{id}</c>; versions in
/// <see cref="VersionsCreateAsync"/> and after. Custom skills belong to the creating key's workspace.</summary>
internal static partial class SkillsEndpoint
{
    public static async Task CreateAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        var (upload, problem) = await SkillUploadReader.ReadAsync(context.Request, state.Options.MaxRequestBodyBytes, context.RequestAborted);
        if (upload is null)
        {
            await Responses.WriteErrorAsync(context, requestId, problem!);
            return;
        }

        var skill = state.Skills.Create(state.Ids.Next("skill_"), state.Ids.Next("skillver_"), key.Workspace, upload);
        await WriteAsync(context, w => WriteSkill(w, state, skill));
    }

    public static async Task ListAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        string? source = context.Request.Query["source"];
        if (source is not (null or StoredSkill.Custom or StoredSkill.Anthropic))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest("source: Input should be 'custom' or 'anthropic'"));
            return;
        }

        var skills = state.Skills.List(key.Workspace, source);
        await WritePageAsync(context, requestId, skills, s => s.Id, (w, s) => WriteSkill(w, state, s));
    }

    public static async Task GetAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id) is { Skill: { } skill })
        {
            await WriteAsync(context, w => WriteSkill(w, state, skill));
        }
    }

    public static async Task DeleteAsync(HttpContext context, SimulatorState state, string id)
    {
        if (await FindAsync(context, state, id, modify: true) is not { Skill: { } skill, RequestId: var requestId })
        {
            return;
        }

        if (!state.Skills.TryDelete(skill))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(
                $"Cannot delete skill {id}: it still has versions. Delete all of its versions first."));
            return;
        }

        await WriteAsync(context, w => WriteDeleted(w, skill.Id, "skill_deleted"u8));
    }

    /// <summary>Authenticates and finds the skill (404 <c>not_found_error</c> for an unknown id or another workspace's);
    /// with <paramref name="modify"/>, Anthropic's read-only skills get 400.</summary>
    private static async Task<(StoredSkill? Skill, KeyState? Key, string RequestId)> FindAsync(HttpContext context, SimulatorState state,
        string id, bool modify = false)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return (null, null, requestId);
        }

        var skill = state.Skills.Find(key.Workspace, id);
        if (skill is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, "Skill not found: " + id);
            return (null, key, requestId);
        }

        if (modify && skill.Source != StoredSkill.Custom)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(
                $"Skill {id} is published by Anthropic and cannot be modified."));
            return (null, key, requestId);
        }

        return (skill, key, requestId);
    }
}
