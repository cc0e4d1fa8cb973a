using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Messages;
using Skillgate.Server.Metrics;
using Skillgate.Skills;
using Skillgate.Upstream;

namespace Skillgate.Server.SkillRuns;

/// <summary>
/// <c>POST /v1/skill-runs</c>: a portable run of a skill of <c>Skillgate:Skills:Directory</c>. Each turn of the tool loop
/// is a Messages call through <see cref="MessageExecutor"/> (redaction, scheduler, ownership, restore); the turns are
/// answered as one message — JSON joined like continued paused turns, or one SSE stream in Anthropic's event shapes.
/// </summary>
internal sealed partial class SkillRunHandler(SkillRunCatalog catalog, MessageExecutor executor, MessageHttpWriter writer, GatewayMetrics metrics, GatewayOptions options, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var feature = context.Features.Get<GatewayRequestFeature>() ?? throw new InvalidOperationException("GatewayMiddleware did not run.");
        var aborted = context.RequestAborted;
        var run = SkillRunRequest.Parse(await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, aborted));
        var runtime = catalog.Runtime;
        if (runtime.Skills.Find(run.Skill) is null)
        {
            throw new GatewayException(404, Protocol.AnthropicErrorTypes.NotFound,
                $"skill: no skill named '{run.Skill}' (available: {string.Join(", ", runtime.Skills.Skills.Select(s => s.Definition!.Name))})");
        }

        var model = run.Model ?? options.Conversations.DefaultModel;
        var maxTokens = run.MaxTokens ?? options.Conversations.DefaultMaxTokens;
        var conversation = new SkillRunConversation(runtime, run, model, maxTokens);
        MessageRequest Turn() => new()
        {
            Tenant = feature.Tenant,
            Body = conversation.Body,
            Model = model,
            MaxTokens = maxTokens,
            Stream = run.Stream,
            Headers = HeaderPolicy.ForUpstream(context.Request.Headers),
            MaxWait = MessageHeaders.MaxWait(context.Request.Headers),
            ConversationId = context.Request.Headers[MessageHeaders.Conversation].ToString() is { Length: > 0 } id ? id : null,
            StartTimestamp = feature.StartTimestamp,
        };

        try
        {
            if (run.Stream)
            {
                await StreamAsync(context, runtime, conversation, Turn, aborted);
            }
            else
            {
                await SendAsync(context, runtime, conversation, Turn, aborted);
            }
        }
        catch (UpstreamException ex) when (!context.Response.HasStarted)
        {
            metrics.Error(ex.ErrorType);
            await UpstreamFailure.WriteAsync(context, ex, aborted);
        }
    }

    private async Task SendAsync(HttpContext context, PortableSkillRuntime runtime, SkillRunConversation conversation, Func<MessageRequest> turn, CancellationToken cancellationToken)
    {
        var sent = time.GetTimestamp();
        var start = turn().StartTimestamp;
        byte[]? joined = null;
        for (var round = 0; ; round++)
        {
            var answer = await executor.SendAsync(turn(), cancellationToken);
            joined = joined is null ? answer.Body.ToArray() : PauseTurns.Join(joined, answer.Body.Span);
            var message = JsonNode.Parse(answer.Body.Span) as JsonObject ?? [];
            var calls = SkillRunConversation.RuntimeCalls(message);
            if (calls.Count == 0 || message["stop_reason"]?.GetValue<string>() != "tool_use")
            {
                context.Response.StatusCode = answer.StatusCode;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = joined.Length;
                writer.WriteHeaders(context.Response, start, sent, answer.Headers);
                await context.Response.Body.WriteAsync(joined, cancellationToken);
                return;
            }

            if (round >= runtime.Options.MaxToolIterations)
            {
                throw GatewayException.InvalidRequest(runtime.TooManyIterations().Message);
            }

            conversation.Continue(message, runtime, calls);
        }
    }
}
