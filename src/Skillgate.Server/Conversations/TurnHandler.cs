using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skillgate.Context;
using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Messages;
using Skillgate.Server.Metrics;
using Skillgate.Upstream;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Conversations;

/// <summary>
/// <c>POST /v1/conversations/{id}/messages</c>: persists the user turn, builds the view within the budget, calls the
/// upstream through <see cref="MessageExecutor"/> (the same path as <c>POST /v1/messages</c>), and persists the answer once it is complete.
/// </summary>
internal sealed partial class TurnHandler(ConversationServices services, MessageExecutor executor, GatewayMetrics metrics, GatewayOptions options, ILogger<TurnHandler> logger)
{
    public const string TokensHeader = "skillgate-context-tokens";
    public const string BudgetHeader = "skillgate-context-budget";
    public const string RoundsHeader = "skillgate-context-rounds";
    public const string SkippedHeader = "skillgate-context-skipped";
    public const string VersionHeader = "skillgate-conversation-version";

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var request = context.Features.Get<GatewayRequestFeature>() ?? throw new InvalidOperationException("GatewayMiddleware did not run.");
        var body = RequestFields.ParseObject(await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, aborted));
        var opened = await services.GetAsync(aborted);
        var found = await ConversationLookup.LoadAsync(context, opened.Store, aborted);
        var turn = TurnRequest.Parse(body, found.Settings, services.Options.DefaultMaxTokens);
        TurnContent.CheckAnswers(turn.Answers, found.Entries);

        // The turn's own fields (tools, tool_choice, metadata...) get the /v1/messages checks before anything is stored:
        // refused upstream instead, the user turn would stay in the log and merge into the caller's corrected retry.
        var probe = turn.Template.DeepClone().AsObject();
        probe["messages"] = new JsonArray(JsonNode.Parse(turn.UserMessageJson));
        RequestValidator.Validate(Encoding.UTF8.GetBytes(probe.ToJsonString()), RequestKind.Messages);

        // A turn that cannot fit even alone is refused before it is stored: kept, it would break every later view.
        var budget = new ContextBudget(found.Settings.ContextWindow, turn.MaxTokens);
        var alone = opened.Estimator.EstimateRequest(Encoding.UTF8.GetBytes($"{{\"model\":{JsonSerializer.Serialize(turn.Model)},\"messages\":[{turn.UserMessageJson}]}}"));
        if (alone.Tokens > budget.InputBudget)
        {
            throw GatewayException.InvalidRequest(
                $"The turn alone is about {alone.Tokens} input tokens; the conversation's budget is {budget.InputBudget} (context window {found.Settings.ContextWindow} − max_tokens {turn.MaxTokens} − margin). Attach long text as a document instead.");
        }

        using var held = services.Locks.TryEnter(found.Key)
            ?? throw Conflict($"Conversation '{found.Id}' has a turn in progress; retry once it has finished.");
        var current = await ConversationLookup.StillThereAsync(opened.Store, found, aborted);
        long version;
        try
        {
            // Without expected_version the turn goes after whatever is there now (turns in this process are serialized).
            version = await opened.Memory.AppendMessageAsync(found.Key, turn.UserMessageJson, turn.ExpectedVersion ?? current, aborted);
        }
        catch (ConversationConcurrencyException e)
        {
            throw Conflict($"Conversation '{found.Id}' is at version {e.ActualVersion}, not {e.ExpectedVersion}: another writer appended first. "
                + "Read it again (GET) and retry with its current version as expected_version.");
        }
        catch (InvalidMessageException e)
        {
            // The library's own check (a writer in another process changed the last assistant turn since it was read).
            throw GatewayException.InvalidRequest(e.Message);
        }

        ContextView view;
        try
        {
            view = await opened.Memory.BuildViewAsync(found.Key, turn.Template.ToJsonString(), budget, aborted);
        }
        catch (ContextOverflowException e)
        {
            throw GatewayException.InvalidRequest($"The conversation's latest turn does not fit its context window of {found.Settings.ContextWindow} tokens: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // The builder found no valid request in the history (the turn is checked before it is stored, so this is a bug
            // or an old log); a 400 tells the caller which conversation, the log is left as it is.
            throw GatewayException.InvalidRequest($"Conversation '{found.Id}' cannot be built into a request: {e.Message}");
        }

        var requestBytes = Encoding.UTF8.GetBytes(view.RequestJson);
        var headers = HeaderPolicy.ForUpstream(context.Request.Headers);
        headers.RemoveAll(h => string.Equals(h.Key, "content-type", StringComparison.OrdinalIgnoreCase));
        var call = new MessageRequest
        {
            Tenant = request.Tenant,
            Body = requestBytes,
            Model = turn.Model,
            Stream = turn.Stream,
            EstimatedInputTokens = view.EstimatedTokens,
            MaxTokens = turn.MaxTokens,
            Headers = headers,
            MaxWait = MessageHeaders.MaxWait(context.Request.Headers),
            StartTimestamp = request.StartTimestamp,
        };
        var response = context.Response;
        response.Headers[TokensHeader] = view.EstimatedTokens.ToString(CultureInfo.InvariantCulture);
        response.Headers[BudgetHeader] = view.Budget.ToString(CultureInfo.InvariantCulture);
        response.Headers[RoundsHeader] = string.Create(CultureInfo.InvariantCulture, $"{view.IncludedRounds} verbatim, {view.OmittedRounds} summarized");
        response.Headers[VersionHeader] = version.ToString(CultureInfo.InvariantCulture);
        if (view.SkippedBlocks > 0)
        {
            // Stored blocks the view left out as unreadable (a log written before turns were checked).
            response.Headers[SkippedHeader] = view.SkippedBlocks.ToString(CultureInfo.InvariantCulture);
        }

        var persist = new Persist(opened, found, version, requestBytes, logger);
        try
        {
            if (turn.Stream)
            {
                await using var stream = await executor.StreamAsync(call, aborted);
                SetRequestId(response, stream.RequestId);
                await StreamAsync(context, stream, persist, aborted);
                return;
            }

            var answer = await executor.SendAsync(call, aborted);
            SetRequestId(response, answer.RequestId);
            response.StatusCode = answer.StatusCode;
            response.ContentType = "application/json";
            await PersistJsonAnswerAsync(answer.Body.ToArray(), persist);
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, aborted);
        }
        catch (UpstreamException ex) when (!response.HasStarted)
        {
            LogUpstreamFailed(logger, UpstreamFailure.StatusFor(ex));
            metrics.Error(ex.ErrorType);
            await UpstreamFailure.WriteAsync(context, ex, aborted);
        }
    }

    private static void SetRequestId(HttpResponse response, string? requestId)
    {
        if (requestId is not null)
        {
            response.Headers[RequestIds.HeaderName] = requestId;
        }
    }

    private async Task PersistJsonAnswerAsync(byte[] answer, Persist persist)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(answer) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json?["content"] is not JsonArray content)
        {
            LogNotPersisted(logger, "the answer is not a message");
            return;
        }

        var assistant = new JsonObject { ["role"] = "assistant", ["content"] = content.DeepClone() }.ToJsonString();
        await persist.AppendAsync(assistant, AnswerAccumulator.TotalInput(json["usage"]));
    }

    private static GatewayException Conflict(string message) => new(409, AnthropicErrorTypes.InvalidRequest, message);

    /// <summary>Appends the completed answer right after the user turn, and feeds the upstream's count to the estimator.</summary>
    private sealed class Persist(ConversationServices.Opened opened, ConversationLookup.Found found, long userVersion, byte[] requestBytes, ILogger logger)
    {
        public async Task AppendAsync(string assistantJson, long reportedInputTokens)
        {
            // Never cancelled: once the answer is complete it is kept even if the caller has gone.
            try
            {
                await opened.Memory.AppendMessageAsync(found.Key, assistantJson, userVersion, CancellationToken.None);
            }
            catch (ConversationConcurrencyException e) when (e.ActualVersion > 0)
            {
                // Another process wrote in between; the answer is still kept (the normalizer merges adjacent turns).
                // At version 0 the conversation was deleted meanwhile: the answer is dropped with it.
                await opened.Memory.AppendMessageAsync(found.Key, assistantJson, e.ActualVersion, CancellationToken.None);
            }
            catch (InvalidMessageException e)
            {
                // An answer the library refuses (a block field of the wrong type) would make every later view skip it anyway.
                LogNotPersisted(logger, "the answer breaks the stored-message rules: " + e.Message);
            }

            if (reportedInputTokens > 0)
            {
                // Calibration needs the request counted by script, a full tokenizer pass: off the caller's path.
                _ = Task.Run(() =>
                {
                    try
                    {
                        opened.Estimator.Observe(opened.Estimator.EstimateRequest(requestBytes), reportedInputTokens);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
                    {
                        LogCalibrationFailed(logger, e.GetType().Name);
                    }
                });
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Conversation turn: the upstream answered {Status}; the user turn is kept, no answer persisted")]
    private static partial void LogUpstreamFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Conversation turn: calibration skipped ({Reason})")]
    private static partial void LogCalibrationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Conversation turn: answer not persisted ({Reason})")]
    private static partial void LogNotPersisted(ILogger logger, string reason);
}
