using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.RateLimiting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Endpoints;

/// <summary><c>POST /v1/messages</c>: auth, validation, capacity, rate limits, faults, then the reply.</summary>
internal static partial class MessagesEndpoint
{
    public static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        var key = Auth.Authenticate(context, state, out var authError, writeRateLimitHeaders: false);
        if (key is null)
        {
            await RejectAsync(context, state, null, requestId, authError!);
            return;
        }

        using var body = await RequestBody.ReadAsync(context.Request, state.Options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await RejectAsync(context, state, key, requestId, new AnthropicError(AnthropicErrorTypes.RequestTooLarge,
                $"Request exceeds the maximum allowed number of bytes. The maximum request size is {state.Options.MaxRequestBodyBytes} bytes."));
            return;
        }

        if (!MessageRequestParser.TryParse(body.WrittenSpan, requireMaxTokens: true, out var info, out var parseError))
        {
            await RejectAsync(context, state, key, requestId, parseError!);
            return;
        }

        state.CountRequest(info!.Stream);
        if (!state.IsKnownModel(info.Model))
        {
            state.CountBadRequest();
            key.WriteHeaders(context.Response.Headers);
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, "model: " + info.Model);
            return;
        }

        ContainerPlan? container = null;
        if (ContainerCall.Applies(body.WrittenSpan))
        {
            (container, var containerError) = PrepareContainer(state, key, body.WrittenSpan);
            if (containerError is not null)
            {
                state.CountBadRequest();
                key.WriteHeaders(context.Response.Headers);
                await Responses.WriteErrorAsync(context, requestId, containerError);
                return;
            }
        }

        var (directives, contentHash) = ReadDirectives(body, info, state.Options.Seed);
        var factors = state.Options.TokenFactors;
        var inputTokens = info.Text.EstimateTokens(factors.Prose, factors.Cjk, factors.Code);

        var admitted = state.Enter();
        key.Enter();
        try
        {
            if (!admitted)
            {
                state.CountOverloaded();
                key.CountOverloaded();
                key.WriteHeaders(context.Response.Headers);
                await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.Overloaded, "Overloaded");
                return;
            }

            if (!key.TryAcquire(inputTokens, info.MaxTokens, out var reserved, out var failure))
            {
                await RefuseAsync(context, state, key, requestId, failure);
                return;
            }

            var output = 0;
            try
            {
                output = await RespondAsync(context, state, key, info, body, directives, contentHash, inputTokens, requestId, container);
            }
            finally
            {
                key.Settle(reserved, output);
                if (output > 0)
                {
                    key.AddUsage(inputTokens, output);
                    state.AddUsage(inputTokens, output);
                }
            }
        }
        finally
        {
            key.Exit();
            state.Exit();
        }
    }

    private static (Directives Directives, ulong ContentHash) ReadDirectives(PooledBuffer body, MessageRequestInfo info, int seed)
    {
        var lastUser = info.LastUserMessageOffset >= 0
            ? body.WrittenSpan.Slice(info.LastUserMessageOffset, info.LastUserMessageLength)
            : body.WrittenSpan;
        var hash = SimRandom.Hash(lastUser, (ulong)seed) ^ ((ulong)info.MessageCount << 40) ^ (ulong)info.MaxTokens;
        return (info.LastUserMessageOffset >= 0 ? Directives.Parse(lastUser) : default, hash);
    }

    private static Task RejectAsync(HttpContext context, SimulatorState state, KeyState? key, string requestId, AnthropicError error)
    {
        key?.WriteHeaders(context.Response.Headers);
        state.CountRequest(streaming: false);
        state.CountBadRequest();
        return Responses.WriteErrorAsync(context, requestId, error);
    }

    private static async Task RefuseAsync(HttpContext context, SimulatorState state, KeyState key, string requestId, RateLimitFailure failure)
    {
        state.CountRateLimited();
        key.WriteHeaders(context.Response.Headers);
        context.Response.Headers[RateLimitHeaders.RetryAfter] = RateLimitHeaders.FormatRetryAfter(failure.RetryAfter);
        await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.RateLimit,
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"This request would exceed the rate limit for your organization of {failure.Limit:N0} {failure.What} per minute. ")
            + "For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for "
            + "current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.");
    }

    private static Task WriteStatusFaultAsync(HttpContext context, SimulatorState state, KeyState key, string requestId, int status)
    {
        var type = AnthropicErrorTypes.FromStatusCode(status);
        if (status == 429)
        {
            state.CountRateLimited();
            context.Response.Headers[RateLimitHeaders.RetryAfter] = "1";
        }
        else if (status == 503)
        {
            state.CountOverloaded();
            key.CountOverloaded();
        }

        var message = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Simulated {status} {type} (directive).");
        return Responses.WriteErrorAsync(context, requestId, new AnthropicError(type, message), status);
    }

    // Returns the output tokens produced (0 when the request failed).
    private static async Task<int> RespondAsync(HttpContext context, SimulatorState state, KeyState key, MessageRequestInfo info,
        PooledBuffer body, Directives directives, ulong contentHash, int inputTokens, string requestId, ContainerPlan? container)
    {
        var faultRandom = new SimRandom(contentHash ^ state.NextSequence());
        var fault = directives.Fault != FaultKind.None ? directives.Fault : FaultPicker.Pick(key.Faults, ref faultRandom);
        if (fault != FaultKind.None)
        {
            state.CountFault();
            key.CountFault();
        }

        key.WriteHeaders(context.Response.Headers);
        var ct = context.RequestAborted;
        switch (fault)
        {
            case FaultKind.ApiError:
                await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.Api, "Internal server error");
                return 0;
            case FaultKind.Timeout:
                await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.Timeout, "Request timed out");
                return 0;
            case FaultKind.Overloaded:
                state.CountOverloaded();
                key.CountOverloaded();
                await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.Overloaded, "Overloaded");
                return 0;
            case FaultKind.Status:
                await WriteStatusFaultAsync(context, state, key, requestId, directives.FaultStatus);
                return 0;
            case FaultKind.ResetBeforeHeaders:
                context.Abort();
                return 0;
            case FaultKind.StallBeforeHeaders:
                await Task.Delay(TimeSpan.FromMilliseconds(key.Faults.StallMs), state.Time, ct);
                fault = FaultKind.None;
                break;
            case FaultKind.ErrorMidStream when !info.Stream:
                state.CountOverloaded();
                key.CountOverloaded();
                await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.Overloaded, "Overloaded");
                return 0;
            default:
                break;
        }

        var timing = new Timing(state, directives, contentHash);
        if (container is not null)
        {
            try
            {
                return await ContainerReplyAsync(context, state, key, info, container, timing, contentHash, inputTokens);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
        }

        using var plan = ReplyPlan.Create(state, info, contentHash, directives, inputTokens, body.WrittenSpan);
        try
        {
            return info.Stream
                ? await StreamAsync(context, state, key.Faults, plan, fault, timing, contentHash)
                : await ReplyAsync(context, key.Faults, plan, fault, timing);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return timing.TokensSent;
        }
    }
}
