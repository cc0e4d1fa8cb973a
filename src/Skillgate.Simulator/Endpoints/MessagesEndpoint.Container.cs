using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.RateLimiting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Endpoints;

internal static partial class MessagesEndpoint
{
    /// <summary>Validates the request's <c>container</c> and resolves its skills and container id in the key's workspace:
    /// null when the request uses neither a container nor code execution; 400 for a malformed container or 9 skills;
    /// 404 <c>not_found_error</c> for an unknown skill, version or container (another workspace's included).</summary>
    private static (ContainerPlan? Plan, AnthropicError? Error) PrepareContainer(SimulatorState state, KeyState key, ReadOnlySpan<byte> body)
    {
        var (call, error) = ContainerCall.Parse(body);
        if (call is null)
        {
            return (null, error);
        }

        List<ResolvedSkill>? skills = null;
        if (call.Skills is { } references)
        {
            skills = [];
            foreach (var reference in references)
            {
                var skill = state.Skills.Find(key.Workspace, reference.SkillId);
                if (skill is null || skill.Source != reference.Type)
                {
                    return (null, new AnthropicError(AnthropicErrorTypes.NotFound, $"Skill not found: {reference.SkillId} (type {reference.Type})"));
                }

                var version = state.Skills.FindVersion(skill, reference.Version);
                if (version is null)
                {
                    return (null, new AnthropicError(AnthropicErrorTypes.NotFound,
                        $"Skill version not found: {reference.SkillId}/{reference.Version ?? SkillStore.Latest}"));
                }

                skills.Add(new ResolvedSkill(reference.Type, skill, version, reference.Version ?? SkillStore.Latest));
            }
        }

        SimContainer? existing = null;
        if (call.ContainerId is { } id)
        {
            existing = state.Containers.Find(key.Workspace, id);
            if (existing is null)
            {
                return (null, new AnthropicError(AnthropicErrorTypes.NotFound, "Container not found: " + id));
            }
        }

        return (new ContainerPlan(call, skills, existing), null);
    }

    // Faults before the headers and latency apply as to any reply; mid-stream faults are not simulated here.
    private static async Task<int> ContainerReplyAsync(HttpContext context, SimulatorState state, KeyState key, MessageRequestInfo info,
        ContainerPlan plan, Timing timing, ulong seed, int inputTokens)
    {
        var container = plan.Existing ?? state.Containers.Create(state.Ids.Next("container_"), key.Workspace);
        if (plan.Skills is { } skills)
        {
            container.Skills = skills;
        }

        var reply = SkillReply.Create(state, key.Workspace, info.Model, inputTokens, container, plan.Call, seed);
        var ct = context.RequestAborted;
        var response = context.Response;
        if (!info.Stream)
        {
            await timing.WholeReplyAsync(reply.OutputTokens, ct);
            using var body = new PooledBuffer(4096);
            var writer = Responses.Writer(body);
            SkillReplyJson.WriteMessage(writer, reply, complete: true);
            writer.Flush();
            await Responses.WriteJsonAsync(context, 200, body);
            return reply.OutputTokens;
        }

        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        using var sse = new SseWriter(response.BodyWriter);
        SkillReplyJson.WriteOpening(sse, reply);
        await response.BodyWriter.FlushAsync(ct);
        await timing.FirstTokenAsync(ct);
        SkillReplyJson.WriteRest(sse, reply, seed);
        await response.BodyWriter.FlushAsync(ct);
        return reply.OutputTokens;
    }
}
