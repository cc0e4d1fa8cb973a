using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Protocol;
using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Server.Pipeline;

/// <summary>
/// Prepares a Messages call for the pipeline of DESIGN.md: redaction (mode per tenant), the input estimate, the
/// scheduler's admission context (tenant, priority, deadline) and the transport upstream that serves the tenant.
/// Shared by <c>POST /v1/messages</c> and the WebSocket streams.
/// </summary>
internal sealed class MessagePipeline(IServiceProvider services, GatewayOptions options, ITokenEstimator estimator, Pseudonymizer pseudonymizer, RequestRedactor redactor, TimeProvider time)
{
    /// <summary>A caller's admission deadline in milliseconds from now.</summary>
    public const string DeadlineHeader = "skillgate-deadline-ms";

    /// <summary>The conversation whose vault keeps placeholders stable across turns.</summary>
    public const string ConversationHeader = "skillgate-conversation-id";

    public RequestRedactor Redactor => redactor;

    /// <summary>Redacts, estimates and picks the upstream for one call.</summary>
    /// <exception cref="GatewayException">Redaction failed (nothing is sent), or a header is malformed.</exception>
    public async ValueTask<PipelineCall> PrepareAsync(PipelineInput input, CancellationToken cancellationToken)
    {
        var tenant = input.Tenant;
        var mode = tenant.Redaction ?? options.Redaction.Mode;
        var body = input.Body;
        Pseudonymizer? restorer = null;
        PseudonymVault? vault = null;
        if (mode != RedactionMode.Off)
        {
            var conversation = string.IsNullOrEmpty(input.ConversationId) ? null : tenant.Name + ":" + input.ConversationId;
            try
            {
                vault = conversation is null
                    ? pseudonymizer.CreateVault(Guid.NewGuid().ToString("N"))
                    : await pseudonymizer.GetVaultAsync(conversation, cancellationToken);
                body = redactor.RedactRequest(body.Span, vault, mode);
            }
            catch (RedactionFailedException ex)
            {
                // Fail closed: the request is refused and never sent raw. The redactor counts its own refusals; a
                // vault that does not open (wrong key, tampered store) is counted here.
                if (ex.Reason == RedactionFailureReasons.Vault)
                {
                    pseudonymizer.Metrics?.Refused(ex.Reason, mode);
                }

                throw Refused(ex);
            }

            if (mode == RedactionMode.Pseudonymize)
            {
                restorer = pseudonymizer;
                if (conversation is not null)
                {
                    await pseudonymizer.SaveVaultAsync(vault, cancellationToken);
                }
            }
        }

        var model = input.Info?.Model ?? input.Model;

        // The calibrated estimate is the only one the scheduler gets (it applies no correction of its own); the call
        // learns from the answer's usage against it. A caller that brings its own estimate learns itself.
        TokenEstimate? estimate = input.Info is { } info ? estimator.EstimateStats(info.Model, info.Text) : null;
        var deadline = Deadline(input.DeadlineMs, tenant);
        var scheduled = options.Scheduler.Enabled && tenant.Scheduling;
        var request = new UpstreamRequest(body, input.Stream)
        {
            Model = model,
            MaxTokens = (int)Math.Clamp(input.MaxTokens, 0, int.MaxValue),
            EstimatedInputTokens = estimate?.Tokens ?? input.EstimatedInputTokens,
            Headers = input.Headers,
            Deadline = scheduled ? deadline : null,
            Tenant = scheduled ? tenant.Name : null,
            Priority = scheduled ? PriorityOf(tenant) : RequestPriority.Interactive,
        };
        return new PipelineCall(ClientFor(tenant), request, estimator)
        {
            Estimate = estimate,
            Restorer = restorer,
            Vault = restorer is null ? null : vault,
        };
    }

    /// <summary>
    /// A <c>count_tokens</c> body redacted like a Messages call would be (placeholders are counted, raw values never
    /// leave); the body itself when the tenant's mode is off.
    /// </summary>
    /// <exception cref="GatewayException">Redaction failed.</exception>
    public byte[] RedactForCounting(Tenant tenant, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var mode = tenant.Redaction ?? options.Redaction.Mode;
        if (mode == RedactionMode.Off)
        {
            return body;
        }

        try
        {
            return redactor.RedactRequest(body, pseudonymizer.CreateVault(Guid.NewGuid().ToString("N")), mode);
        }
        catch (RedactionFailedException ex)
        {
            throw Refused(ex);
        }
    }

    /// <summary>The transport upstream for <paramref name="tenant"/> (see <see cref="PipelineUpstreams"/>).</summary>
    public IUpstreamClient ClientFor(Tenant tenant) =>
        services.GetRequiredKeyedService<IUpstreamClient>(PipelineUpstreams.NameFor(tenant, options));

    /// <summary>Gateway priorities 0-5 are interactive, 6-9 batch (they yield to every interactive request).</summary>
    public static RequestPriority PriorityOf(Tenant tenant) =>
        tenant.Priority > 5 ? RequestPriority.Batch : RequestPriority.Interactive;

    /// <summary>A refused redaction as the caller sees it: 400 for a bad request, 500 otherwise.</summary>
    private static GatewayException Refused(RedactionFailedException ex) =>
        new(ex.ErrorType == AnthropicErrorTypes.InvalidRequest ? 400 : 500, ex.ErrorType, ex.Message);

    private DateTimeOffset Deadline(string? header, Tenant tenant)
    {
        var wait = tenant.Deadline ?? options.Scheduler.DefaultDeadline;
        if (!string.IsNullOrEmpty(header))
        {
            // 0 would refuse the request before it could be tried: a client's mistake, not a rate limit.
            if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms is 0 or > int.MaxValue)
            {
                throw GatewayException.InvalidRequest($"{DeadlineHeader} must be a whole number of milliseconds, 1 or more.");
            }

            wait = TimeSpan.FromMilliseconds(ms);
        }

        return time.GetUtcNow() + wait;
    }
}
