using System.Net.Http.Headers;
using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>
/// The scheduler as the transport's key source: every metered attempt is admitted (queue, fair share, deadline,
/// buckets) with the caller's facts from the <see cref="UpstreamRequest"/> and gets a key lease; the attempt's outcome
/// ends the lease. An unmetered attempt gets a key in service without reservation or queue.
/// </summary>
internal sealed class SchedulerKeySource(IRequestScheduler scheduler, AdmissionRequest? template, TimeProvider timeProvider) : IUpstreamKeySource
{
    private const string UnknownModel = "unknown";

    public async ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default)
    {
        var call = request.Request;
        if (!call.Metered && scheduler is AdmissionScheduler admissionScheduler)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (key, rejection) = admissionScheduler.AcquireUnmetered(request.Upstream, call.KeyFingerprint);
            return key is not null ? new UnmeteredLease(admissionScheduler, key) : throw Refused(rejection!, request.Attempt);
        }

        var admission = new AdmissionRequest
        {
            Model = call.Model ?? template?.Model ?? UnknownModel,
            MaxTokens = Math.Max(1, call.MaxTokens > 0 ? call.MaxTokens : template?.MaxTokens ?? 1),
            EstimatedInputTokens = Math.Max(0, call.EstimatedInputTokens),
            Upstream = request.Upstream,
            Tenant = call.Tenant ?? template?.Tenant,
            Priority = call.Priority != RequestPriority.Interactive ? call.Priority : template?.Priority ?? RequestPriority.Interactive,
            Deadline = call.Deadline ?? template?.Deadline,
            KeyFingerprint = call.KeyFingerprint,
            // A fallback lease names its model; the transport rewrites the body's model for that attempt.
            AllowFallback = template?.AllowFallback ?? true,
        };
        var result = await scheduler.AdmitAsync(admission, cancellationToken).ConfigureAwait(false);
        return result.IsAdmitted ? new SchedulerKeyLease(result.Lease, timeProvider) : throw Refused(result, request.Attempt);
    }

    private static UpstreamException Refused(AdmissionResult result, int attempt)
    {
        var kind = result.RejectionKind is RejectionKind.NoCapacity or RejectionKind.RequestTooLarge
            ? UpstreamErrorKind.NoKeyAvailable
            : UpstreamErrorKind.HttpStatus;
        var status = result.Outcome == AdmissionOutcome.Deferred ? 503 : result.StatusCode;
        return new UpstreamException(kind, status, result.ErrorType ?? "overloaded_error", result.Message ?? "The request cannot be admitted now.")
        {
            RetryAfter = result.RetryAfter,
            Attempts = attempt,
        };
    }

    private sealed class SchedulerKeyLease(KeyLease lease, TimeProvider timeProvider) : IUpstreamKeyLease
    {
        public string KeyId => lease.KeyName;

        public UpstreamSecret Secret => lease.Key.Credential;

        public TimeSpan QueueWait => lease.QueueWait;

        public string? Model => lease.IsFallback ? lease.Model : null;

        public void Accepted(HttpResponseHeaders headers)
        {
            if (lease.LearnsLimits)
            {
                lease.Accepted(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Success, 200, default, null, headers).ReadRateLimits(timeProvider.GetUtcNow()));
            }
        }

        public void Report(UpstreamKeyOutcome outcome)
        {
            var snapshot = outcome.ReadRateLimits(timeProvider.GetUtcNow());
            switch (outcome.Kind)
            {
                case UpstreamKeyOutcomeKind.Success:
                    var u = outcome.Usage;
                    lease.Complete(new TokenUsage(u.InputTokens, u.OutputTokens, u.CacheCreationInputTokens, u.CacheReadInputTokens), snapshot);
                    break;
                case UpstreamKeyOutcomeKind.RateLimited:
                    lease.RateLimited(outcome.RetryAfter ?? snapshot?.RetryAfter, snapshot);
                    break;
                case UpstreamKeyOutcomeKind.Rejected:
                    lease.Unauthorized();
                    break;
                case UpstreamKeyOutcomeKind.Overloaded:
                    lease.Overloaded(snapshot);
                    break;
                default:
                    lease.Fail();
                    break;
            }
        }

        public void Dispose() => lease.Dispose();

        public override string ToString() => lease.ToString();
    }

    /// <summary>A key for an unmetered call: nothing reserved, so only a 401/403 (quarantine) is reported back.</summary>
    private sealed class UnmeteredLease(AdmissionScheduler scheduler, KeyState key) : IUpstreamKeyLease
    {
        private int _reported;

        public string KeyId => key.Name;

        public UpstreamSecret Secret => key.Credential;

        public void Report(UpstreamKeyOutcome outcome)
        {
            if (Interlocked.Exchange(ref _reported, 1) == 0 && outcome.Kind == UpstreamKeyOutcomeKind.Rejected)
            {
                scheduler.UnmeteredRejected(key);
            }
        }

        public void Dispose() => Interlocked.Exchange(ref _reported, 1);

        public override string ToString() => $"unmetered use of {key}";
    }
}
