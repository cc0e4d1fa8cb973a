using System.Net.Http.Headers;
using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>
/// The scheduler as the transport's key source: every attempt is admitted (queue, fair share,
/// deadline, buckets) and gets a key lease; the attempt's outcome ends the lease.
/// </summary>
internal sealed class SchedulerKeySource(IRequestScheduler scheduler, AdmissionRequest? template, TimeProvider timeProvider) : IUpstreamKeySource
{
    private const string UnknownModel = "unknown";

    public async ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default)
    {
        var context = AdmissionContext.Current;
        var admission = new AdmissionRequest
        {
            Model = request.Model ?? template?.Model ?? UnknownModel,
            MaxTokens = Math.Max(1, request.MaxTokens > 0 ? request.MaxTokens : template?.MaxTokens ?? 1),
            EstimatedInputTokens = Math.Max(0, request.EstimatedInputTokens),
            Upstream = request.Upstream,
            Tenant = context?.Tenant ?? template?.Tenant,
            Priority = context?.Priority ?? template?.Priority ?? RequestPriority.Interactive,
            Deadline = context?.Deadline ?? template?.Deadline,
            // A fallback lease names its model; the transport rewrites the body's model for that attempt.
            AllowFallback = template?.AllowFallback ?? true,
        };
        var result = await scheduler.AdmitAsync(admission, cancellationToken).ConfigureAwait(false);
        if (result.IsAdmitted)
        {
            context?.Record(result.Lease.QueueWait);
            return new SchedulerKeyLease(result.Lease, timeProvider);
        }

        var kind = result.RejectionKind is RejectionKind.NoCapacity or RejectionKind.RequestTooLarge
            ? UpstreamErrorKind.NoKeyAvailable
            : UpstreamErrorKind.HttpStatus;
        var status = result.Outcome == AdmissionOutcome.Deferred ? 503 : result.StatusCode;
        throw new UpstreamException(kind, status, result.ErrorType ?? "overloaded_error", result.Message ?? "The request cannot be admitted now.")
        {
            RetryAfter = result.RetryAfter,
            Attempts = request.Attempt,
        };
    }

    private sealed class SchedulerKeyLease(KeyLease lease, TimeProvider timeProvider) : IUpstreamKeyLease
    {
        public string KeyId => lease.KeyName;

        public UpstreamSecret Secret { get; } = new(lease.ApiKey);

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
}
