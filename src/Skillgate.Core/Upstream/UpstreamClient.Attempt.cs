using System.Net.Http.Headers;
using Polly;
using Skillgate.Protocol;

namespace Skillgate.Upstream;

/// <summary>One attempt: key, request, headers, and (streaming) the wait for the first token.</summary>
internal sealed partial class UpstreamClient
{
    private const string RequestIdHeader = RateLimitHeaders.RequestId;

    internal long Timestamp() => _timeProvider.GetTimestamp();

    private async ValueTask<Outcome<AttemptResult>> AttemptAsync(CallState state, CancellationToken cancellationToken)
    {
        var request = state.Request;
        var attempt = state.Attempts++;
        IUpstreamKeyLease? lease = null;
        AttemptTimer? timer = null;
        HttpResponseMessage? response = null;
        SseStreamReader? reader = null;
        try
        {
            state.KeyFingerprint = null;
            using (var admission = UpstreamTracing.StartAdmission(state.AttemptActivity))
            {
                lease = await _keys.AcquireAsync(new UpstreamKeyRequest(Name, request, attempt), cancellationToken).ConfigureAwait(false);
                admission?.SetTag(Telemetry.GenAiNames.KeyId, lease.Secret.Fingerprint);
            }

            state.QueueWait += lease.QueueWait;
            if (request.KeyFingerprint is { } pinned && !string.Equals(lease.Secret.Fingerprint, pinned, StringComparison.Ordinal))
            {
                // A key source that ignores the pin must not make the call reach another key.
                return Outcome.FromResult(AttemptResult.Failure(
                    UpstreamErrorKind.NoKeyAvailable, 500, AnthropicErrorTypes.Api, $"Upstream '{Name}': the key source offered a key other than the pinned one ({pinned}).", retryable: false));
            }

            state.KeyFingerprint = lease.Secret.Fingerprint;
            timer = new AttemptTimer(_timeProvider, cancellationToken);
            var timeouts = _options.Timeouts;
            var attemptStart = _timeProvider.GetTimestamp();
            if (state.Mode == CallMode.Buffered && timeouts.Total <= timeouts.ResponseHeaders)
            {
                timer.Enter(UpstreamErrorKind.TotalTimeout, timeouts.Total);
            }
            else
            {
                timer.Enter(UpstreamErrorKind.ResponseHeadersTimeout, timeouts.ResponseHeaders);
            }

            var requestBody = lease.Model is { } model && !string.Equals(model, request.Model, StringComparison.Ordinal)
                ? ModelRewriter.Rewrite(request.Body, model)
                : request.Body;
            using (var message = CreateMessage(request, requestBody, lease.Secret, state.AttemptActivity))
            {
                response = await _invoker.SendAsync(message, timer.Token).ConfigureAwait(false);
            }

            var requestId = FirstHeader(response.Headers, RequestIdHeader);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await FailFromStatusAsync(response, lease, timer).ConfigureAwait(false);
                _metrics.Attempt(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return Outcome.FromResult(failure);
            }

            lease.Accepted(response.Headers);
            if (state.Mode == CallMode.Raw)
            {
                lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Success, (int)response.StatusCode, default, null, response.Headers));
                timer.Enter(UpstreamErrorKind.IdleTimeout, timeouts.Idle, armed: false);
                _metrics.Attempt("success");
                var raw = AttemptResult.Raw(response, timer, requestId);
                (response, timer) = (null, null);
                return Outcome.FromResult(raw);
            }

            if (!state.Streaming)
            {
                timer.Enter(UpstreamErrorKind.TotalTimeout, timeouts.Total - _timeProvider.GetElapsedTime(attemptStart));
                var body = await BoundedBody.ReadAsync(response, _options.MaxResponseBodyBytes, timer.Token).ConfigureAwait(false);
                var sniffed = default(SseSniffState);
                SseSniffer.SniffJson(body.Span, ref sniffed);
                lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Success, (int)response.StatusCode, sniffed.Usage, null, response.Headers));
                _metrics.Attempt("success");
                return Outcome.FromResult(AttemptResult.Completed(body, sniffed.Usage, requestId, response.Headers, (int)response.StatusCode, sniffed.StopReason));
            }

            timer.Enter(UpstreamErrorKind.FirstTokenTimeout, timeouts.FirstToken);
            var stream = await response.Content.ReadAsStreamAsync(timer.Token).ConfigureAwait(false);
            reader = new SseStreamReader(stream);
            reader.Retain();
            while (true)
            {
                var run = await reader.ReadRunAsync(null, timer.Token).ConfigureAwait(false);
                if (run.HasFirstToken)
                {
                    var first = new SseRun(reader.TakeRetained(), true, run.HasMessageStop, run.HasError);
                    timer.Enter(UpstreamErrorKind.IdleTimeout, timeouts.Idle, armed: false);
                    _metrics.Attempt("success");
                    var streaming = AttemptResult.Streaming(response, lease, timer, reader, first, requestId);
                    (response, lease, timer, reader) = (null, null, null, null);
                    return Outcome.FromResult(streaming);
                }

                if (run.HasError || run.IsEndOfStream)
                {
                    var failure = run.HasError ? FailFromErrorEvent(reader.State, requestId) : Interrupted(requestId);
                    lease.Report(new UpstreamKeyOutcome(KeyOutcomeFor(failure.StatusCode), failure.StatusCode, reader.State.Usage, null, response.Headers));
                    _metrics.Attempt(UpstreamErrorNames.Of(failure.Kind));
                    return Outcome.FromResult(failure);
                }
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested) && IsTransportFailure(ex, timer))
        {
            var failure = FailFromException(ex, timer);
            lease?.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Failed, 0, default, null, null));
            _metrics.Attempt(UpstreamErrorNames.Of(failure.Kind));
            if (UpstreamErrorNames.IsTimeout(failure.Kind))
            {
                _metrics.Timeout(failure.Kind);
            }

            return Outcome.FromResult(failure);
        }
        catch (InvalidDataException ex)
        {
            // Only the SSE reader's and the body's limits throw this: nothing reached the caller yet, so another attempt may do better.
            var failure = AttemptResult.Failure(
                UpstreamErrorKind.ProtocolViolation, 502, AnthropicErrorTypes.Api, ex.Message, retryable: true, requestId: response is null ? null : FirstHeader(response.Headers, RequestIdHeader), exception: ex);
            lease?.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Failed, 0, default, null, null));
            _metrics.Attempt(UpstreamErrorNames.Of(failure.Kind));
            return Outcome.FromResult(failure);
        }
        finally
        {
            reader?.Dispose();
            response?.Dispose();
            timer?.Dispose();
            lease?.Dispose();
        }
    }

    private HttpRequestMessage CreateMessage(UpstreamRequest request, ReadOnlyMemory<byte> body, UpstreamSecret secret, System.Diagnostics.Activity? attempt)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(_baseAddress, request.Path))
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
        };
        if (!body.IsEmpty || !IsBodiless(request.Method))
        {
            message.Content = new ReadOnlyMemoryContent(body);
            if (request.ContentType is { Length: > 0 } contentType)
            {
                if (ReferenceEquals(contentType, JsonMediaType) || string.Equals(contentType, JsonMediaType, StringComparison.OrdinalIgnoreCase))
                {
                    message.Content.Headers.ContentType = JsonContentType;
                }
                else
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }
        }

        var hasVersion = false;
        foreach (var (name, value) in request.Headers)
        {
            if (IsForbiddenHeader(name) || (attempt is not null && UpstreamTracing.IsTraceHeader(name)))
            {
                continue;
            }

            hasVersion |= string.Equals(name, "anthropic-version", StringComparison.OrdinalIgnoreCase);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (!hasVersion)
        {
            message.Headers.TryAddWithoutValidation("anthropic-version", _options.AnthropicVersion);
        }

        if (attempt is not null)
        {
            // The caller's trace continues through this attempt: the upstream sees the attempt as its parent.
            UpstreamTracing.Inject(attempt, message.Headers);
        }

        message.Headers.TryAddWithoutValidation("x-api-key", secret.Expose());
        if (request.Stream)
        {
            message.Headers.Accept.Add(EventStreamAccept);
        }

        return message;
    }

    private static bool IsBodiless(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete;

    private const string JsonMediaType = "application/json";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue EventStreamAccept = new("text/event-stream");

    private static bool IsForbiddenHeader(string name) =>
        name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase)
        || name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase);

    private async Task<AttemptResult> FailFromStatusAsync(HttpResponseMessage response, IUpstreamKeyLease lease, AttemptTimer timer)
    {
        var status = (int)response.StatusCode;
        var body = await BoundedBody.ReadBoundedAsync(response, _options.MaxErrorBodyBytes, timer.Token).ConfigureAwait(false);
        var sniffed = default(SseSniffState);
        SseSniffer.SniffJson(body.Span, ref sniffed);
        var retryAfter = RetryAfterParser.Parse(response.Headers, _timeProvider.GetUtcNow());
        var retryable = RetryClassifier.IsRetryableStatus(status, RetryAfterParser.ParseShouldRetry(response.Headers));
        lease.Report(new UpstreamKeyOutcome(KeyOutcomeFor(status), status, default, retryAfter, response.Headers));
        var errorType = sniffed.ErrorType ?? AnthropicErrorTypes.FromStatusCode(status);
        var message = sniffed.ErrorMessage ?? $"Upstream answered {status}.";
        return AttemptResult.Failure(UpstreamErrorKind.HttpStatus, status, errorType, message, retryable, retryAfter, body, FirstHeader(response.Headers, RequestIdHeader), headers: response.Headers);
    }

    private static AttemptResult FailFromErrorEvent(in SseSniffState state, string? requestId)
    {
        var status = AnthropicErrorTypes.ToStatusCode(state.ErrorType ?? AnthropicErrorTypes.Api);
        var errorType = state.ErrorType ?? "api_error";
        return AttemptResult.Failure(
            UpstreamErrorKind.StreamError, status, errorType, state.ErrorMessage ?? "The upstream stream reported an error.",
            RetryClassifier.IsRetryableStreamError(state.ErrorType), requestId: requestId);
    }

    private static AttemptResult Interrupted(string? requestId) =>
        AttemptResult.Failure(UpstreamErrorKind.StreamInterrupted, 500, "api_error", "The upstream stream ended before its first token.", retryable: true, requestId: requestId);

    private static bool IsTransportFailure(Exception ex, AttemptTimer? timer) =>
        ex is HttpRequestException or IOException or TimeoutException || (ex is OperationCanceledException && (timer?.TimedOut is not null || HasTimeout(ex)));

    private AttemptResult FailFromException(Exception ex, AttemptTimer? timer)
    {
        var kind = timer?.TimedOut ?? KindFromException(ex);
        var (status, type) = UpstreamErrorNames.IsTimeout(kind) ? (504, "timeout_error") : (500, "api_error");
        var retryable = RetryClassifier.IsRetryableKind(kind)
            && !(ex is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } && kind == UpstreamErrorKind.ConnectionFailed);
        var message = UpstreamErrorNames.IsTimeout(kind)
            ? $"Upstream '{Name}' timed out ({UpstreamErrorNames.Of(kind)})."
            : $"Upstream '{Name}' connection failed.";
        return AttemptResult.Failure(kind, status, type, message, retryable, exception: ex);
    }

    private UpstreamErrorKind KindFromException(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is ConnectTimeoutException)
            {
                return UpstreamErrorKind.ConnectTimeout;
            }

            if (inner is TimeoutException)
            {
                // The handler's connect timeout spans connect + TLS; ours already covers the connect part.
                return _baseAddress.Scheme == Uri.UriSchemeHttps ? UpstreamErrorKind.TlsHandshakeTimeout : UpstreamErrorKind.ConnectTimeout;
            }
        }

        return UpstreamErrorKind.ConnectionFailed;
    }

    private static bool HasTimeout(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static UpstreamKeyOutcomeKind KeyOutcomeFor(int status) => status switch
    {
        429 => UpstreamKeyOutcomeKind.RateLimited,
        401 or 403 => UpstreamKeyOutcomeKind.Rejected,
        529 => UpstreamKeyOutcomeKind.Overloaded,
        _ => UpstreamKeyOutcomeKind.Failed,
    };

    private static string? FirstHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
