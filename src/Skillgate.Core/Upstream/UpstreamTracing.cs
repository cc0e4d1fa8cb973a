using System.Diagnostics;
using System.Net.Http.Headers;
using Skillgate.Telemetry;
using N = Skillgate.Telemetry.GenAiNames;

namespace Skillgate.Upstream;

/// <summary>
/// The transport's spans (activity source <see cref="SkillgateTelemetry.ActivitySourceName"/>): a <c>chat {model}</c>
/// client span per Messages call, a <c>skillgate.attempt</c> child per attempt with a <c>skillgate.admission</c> child
/// for the key source's wait, and a <c>skillgate.first_token</c> event. Every method is a no-op on a null activity,
/// which is all there is when nobody listens.
/// </summary>
internal static class UpstreamTracing
{
    public static readonly ActivitySource Source = new(SkillgateTelemetry.ActivitySourceName, typeof(UpstreamTracing).Assembly.GetName().Version?.ToString());

    /// <summary>The call's span, or null for a raw call or when nobody listens.</summary>
    public static Activity? StartCall(CallState state, string upstream, Uri server)
    {
        if (state.Mode == CallMode.Raw || !Source.HasListeners())
        {
            return null;
        }

        var request = state.Request;
        var activity = Source.StartActivity(request.Model is { Length: > 0 } model ? N.Chat + " " + model : N.Chat, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(N.OperationName, N.Chat);
            activity.SetTag(N.ProviderName, N.Anthropic);
            activity.SetTag(N.RequestModel, request.Model);
            if (request.MaxTokens > 0)
            {
                activity.SetTag(N.RequestMaxTokens, request.MaxTokens);
            }

            activity.SetTag(N.ServerAddress, server.Host);
            activity.SetTag(N.ServerPort, server.Port);
            activity.SetTag(N.Upstream, upstream);
            activity.SetTag(N.Tenant, request.Tenant);
        }

        return activity;
    }

    /// <summary>An attempt's span, a child of the call's; the previous attempt's failure is its retry reason.</summary>
    public static Activity? StartAttempt(CallState state, int number)
    {
        if (state.Activity is not { } call)
        {
            return null;
        }

        var activity = Source.StartActivity(N.AttemptSpan, ActivityKind.Internal, call.Context);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(N.AttemptNumber, number);
            activity.SetTag(N.RetryReason, state.RetryReason);
        }

        return activity;
    }

    /// <summary>The key source's wait (admission by the scheduler), a child of the attempt's span.</summary>
    public static Activity? StartAdmission(Activity? attempt) =>
        attempt is null ? null : Source.StartActivity(N.AdmissionSpan, ActivityKind.Internal, attempt.Context);

    /// <summary>Ends an attempt's span with its outcome.</summary>
    public static void EndAttempt(Activity? attempt, CallState state, AttemptResult? result, Exception? exception)
    {
        if (attempt is null)
        {
            return;
        }

        attempt.SetTag(N.KeyId, state.KeyFingerprint);
        if (result is not null)
        {
            if (result.StatusCode > 0)
            {
                attempt.SetTag(N.HttpStatus, result.StatusCode);
            }

            if (!result.IsSuccess)
            {
                attempt.SetTag(N.ErrorType, ErrorTypeOf(result));
                attempt.SetStatus(ActivityStatusCode.Error, result.ErrorType);
            }
        }
        else if (exception is not null)
        {
            attempt.SetTag(N.ErrorType, exception.GetType().FullName);
            attempt.SetStatus(ActivityStatusCode.Error);
        }

        attempt.Dispose();
    }

    /// <summary>Marks the first token on the call's span.</summary>
    public static void FirstToken(Activity? call, TimeSpan elapsed, string? requestId)
    {
        if (call is null)
        {
            return;
        }

        call.SetTag(N.ResponseTimeToFirstChunk, elapsed.TotalSeconds);
        call.SetTag(N.RequestId, requestId);
        call.AddEvent(new ActivityEvent(N.FirstTokenEvent, tags: new ActivityTagsCollection { [N.ResponseTimeToFirstChunk] = elapsed.TotalSeconds }));
    }

    /// <summary>Ends the call's span with the upstream's usage and stop reason.</summary>
    public static void Completed(Activity? call, UpstreamUsage usage, string? stopReason, string? requestId, string? errorType = null)
    {
        if (call is null)
        {
            return;
        }

        call.SetTag(N.InputTokens, usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens);
        call.SetTag(N.OutputTokens, usage.OutputTokens);
        call.SetTag(N.CacheReadInputTokens, usage.CacheReadInputTokens);
        call.SetTag(N.CacheCreationInputTokens, usage.CacheCreationInputTokens);
        if (stopReason is not null)
        {
            call.SetTag(N.ResponseFinishReasons, new[] { stopReason });
        }

        if (requestId is not null)
        {
            call.SetTag(N.RequestId, requestId);
        }

        if (errorType is not null)
        {
            call.SetTag(N.ErrorType, errorType);
            call.SetStatus(ActivityStatusCode.Error);
        }

        call.Dispose();
    }

    /// <summary>Ends the call's span as failed.</summary>
    public static void Failed(Activity? call, string errorType, string? description = null)
    {
        if (call is null)
        {
            return;
        }

        call.SetTag(N.ErrorType, errorType);
        call.SetStatus(ActivityStatusCode.Error, description);
        call.Dispose();
    }

    /// <summary>The <c>error.type</c> of a failed attempt or call: Anthropic's error type for an answer, the transport's kind otherwise.</summary>
    public static string ErrorTypeOf(AttemptResult failure) =>
        failure.Kind is UpstreamErrorKind.HttpStatus or UpstreamErrorKind.StreamError ? failure.ErrorType : UpstreamErrorNames.Of(failure.Kind);

    /// <summary>The <c>error.type</c> of a call that ended with an exception.</summary>
    public static string ErrorTypeOf(Exception exception) => exception switch
    {
        UpstreamException upstream => upstream.Kind is UpstreamErrorKind.HttpStatus or UpstreamErrorKind.StreamError ? upstream.ErrorType : UpstreamErrorNames.Of(upstream.Kind),
        OperationCanceledException => "cancelled",
        _ => exception.GetType().FullName ?? "error",
    };

    /// <summary>Writes the attempt's trace context (<c>traceparent</c>, <c>tracestate</c>) on an upstream request.</summary>
    public static void Inject(Activity attempt, HttpRequestHeaders headers) =>
        DistributedContextPropagator.Current.Inject(attempt, headers, static (carrier, name, value) =>
        {
            if (carrier is HttpRequestHeaders target && value is not null)
            {
                target.Remove(name);
                target.TryAddWithoutValidation(name, value);
            }
        });

    /// <summary>Whether a caller's header carries trace context that the attempt's own replaces.</summary>
    public static bool IsTraceHeader(string name) =>
        name.Equals("traceparent", StringComparison.OrdinalIgnoreCase) || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase);
}
