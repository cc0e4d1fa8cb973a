using Microsoft.Extensions.DependencyInjection;
using Skillgate.Protocol;
using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Server.Ownership;
using Skillgate.Server.Pipeline;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Server.Messages;

/// <summary>
/// The one path of a Messages call (DESIGN.md's pipeline): redaction (the tenant's mode), the calibrated input estimate,
/// the objects the body names pinned to the key that owns them, then admission and the send or stream on the tenant's
/// transport — with tenant, priority, deadline and pinned key on the request itself — and finally usage learned and
/// counted and placeholders restored. Its answers are typed (<see cref="MessageAnswer"/>, <see cref="MessageStream"/>);
/// the HTTP writer, the WebSocket producer and the conversation turns are thin sinks over them.
/// </summary>
internal sealed class MessageExecutor(
    IServiceProvider services,
    GatewayOptions options,
    ITokenEstimator estimator,
    Pseudonymizer pseudonymizer,
    RequestRedactor redactor,
    ObjectOwners owners,
    GatewayMetrics metrics,
    TimeProvider time)
{
    /// <summary>Sends a non-streaming call and returns its answer, restored.</summary>
    /// <exception cref="GatewayException">The call is refused before it is sent (redaction, a foreign object).</exception>
    /// <exception cref="UpstreamException">The upstream call failed.</exception>
    public async Task<MessageAnswer> SendAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var answer = await SendOnceAsync(request, cancellationToken);
        var continuations = request.ContinuePauseTurns ?? options.Skills.ContinuePauseTurns;
        var body = request.Body;
        while (continuations-- > 0 && PauseTurns.IsPaused(answer.Body.Span))
        {
            // The paused answer goes back as it is (restored: the next call redacts it again with the same rules).
            body = PauseTurns.Continue(body.Span, answer.Body.Span);
            var next = await SendOnceAsync(request with { Body = body, Info = null }, cancellationToken);
            answer = next with { Body = PauseTurns.Join(answer.Body.Span, next.Body.Span) };
        }

        return answer;
    }

    private async Task<MessageAnswer> SendOnceAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var call = await PrepareAsync(request, stream: false, cancellationToken);
        var answer = await call.Client.SendAsync(call.Upstream, cancellationToken);
        call.Observe(answer.Usage);
        if (ContainerReferences.Mentions(answer.Body.Span))
        {
            if (ContainerReferences.TryFind(answer.Body.Span, out var container, out var expires))
            {
                await call.RecordContainerAsync(container, expires, answer.KeyFingerprint);
            }

            await call.RecordFilesAsync(ContainerReferences.FileIds(answer.Body.Span), answer.KeyFingerprint);
        }

        return new MessageAnswer(answer.StatusCode, call.RestoreBody(answer.Body), answer.Headers, answer.RequestId, answer.Usage, answer.KeyFingerprint);
    }

    /// <summary>Opens a streaming call; returns once its first token arrived (a failure before then is retried or thrown).</summary>
    /// <exception cref="GatewayException">The call is refused before it is sent.</exception>
    /// <exception cref="UpstreamException">The upstream call failed before its first token.</exception>
    public async Task<MessageStream> StreamAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var call = await PrepareAsync(request, stream: true, cancellationToken);
        var stream = await call.Client.StreamAsync(call.Upstream, cancellationToken);
        metrics.TimeToFirstToken(time.GetElapsedTime(request.StartTimestamp), request.Channel, call.Upstream.Model);
        return new MessageStream(stream, call);
    }

    /// <summary>
    /// A <c>count_tokens</c> body redacted like a Messages call would be (placeholders are counted, raw values never
    /// leave); the body itself when the tenant's mode is off.
    /// </summary>
    /// <exception cref="GatewayException">Redaction failed.</exception>
    public ReadOnlyMemory<byte> RedactForCounting(Tenant tenant, ReadOnlyMemory<byte> body)
    {
        var mode = tenant.Redaction ?? options.Redaction.Mode;
        if (mode == RedactionMode.Off)
        {
            return body;
        }

        try
        {
            return redactor.RedactRequest(body.Span, pseudonymizer.CreateVault(Guid.NewGuid().ToString("N")), mode);
        }
        catch (RedactionFailedException ex)
        {
            throw Refused(ex);
        }
    }

    /// <summary>The transport that serves <paramref name="tenant"/>: its own keys, or the shared ones.</summary>
    public IUpstreamClient ClientFor(Tenant tenant) =>
        services.GetRequiredKeyedService<IUpstreamClient>(PipelineUpstreams.NameFor(tenant, options));

    /// <summary>Gateway priorities 0-5 are interactive, 6-9 batch (they yield to every interactive request).</summary>
    public static RequestPriority PriorityOf(Tenant tenant) =>
        tenant.Priority > 5 ? RequestPriority.Batch : RequestPriority.Interactive;

    private async ValueTask<PreparedCall> PrepareAsync(MessageRequest request, bool stream, CancellationToken cancellationToken)
    {
        var tenant = request.Tenant;
        var mode = tenant.Redaction ?? options.Redaction.Mode;
        var body = request.Body;
        PseudonymVault? restoreFrom = null;
        if (mode != RedactionMode.Off)
        {
            (body, restoreFrom) = await RedactAsync(request, mode, cancellationToken);
        }

        // The calibrated estimate is the only one the scheduler gets (it applies no correction of its own); the call
        // learns from the answer's usage against it. A caller that brings its own estimate learns itself.
        var estimate = request.Info is { } info ? estimator.EstimateStats(info.Model, info.Text) : (TokenEstimate?)null;
        var scheduled = options.Scheduler.Enabled && tenant.Scheduling;
        var upstream = new UpstreamRequest(body, stream)
        {
            Model = request.Info?.Model ?? request.Model,
            MaxTokens = request.MaxTokens,
            EstimatedInputTokens = estimate?.Tokens ?? request.EstimatedInputTokens,
            Headers = request.Headers,
            Tenant = tenant.Name,
            Priority = PriorityOf(tenant),
            Deadline = scheduled ? time.GetUtcNow() + (request.MaxWait ?? tenant.Deadline ?? options.Scheduler.DefaultDeadline) : null,
            KeyFingerprint = await PinnedKeyAsync(request, cancellationToken),
        };
        return new PreparedCall(ClientFor(tenant), upstream, request, estimate, restoreFrom) { Redactor = redactor, Pseudonymizer = pseudonymizer, Estimator = estimator, Metrics = metrics, Owners = owners };
    }

    private async ValueTask<(ReadOnlyMemory<byte> Body, PseudonymVault? RestoreFrom)> RedactAsync(MessageRequest request, RedactionMode mode, CancellationToken cancellationToken)
    {
        // Only pseudonymization restores, so only it needs the conversation's vault; one-way redaction needs none.
        var conversation = mode == RedactionMode.Pseudonymize ? VaultIdOf(request) : null;
        try
        {
            var vault = conversation is null
                ? pseudonymizer.CreateVault(Guid.NewGuid().ToString("N"))
                : await pseudonymizer.GetVaultAsync(conversation, cancellationToken);
            var known = vault.Count;
            var body = redactor.RedactRequest(request.Body.Span, vault, mode);
            if (mode != RedactionMode.Pseudonymize)
            {
                return (body, null);
            }

            if (conversation is not null && vault.Count != known)
            {
                await pseudonymizer.SaveVaultAsync(vault, cancellationToken);
            }

            return (body, vault);
        }
        catch (RedactionFailedException ex)
        {
            // Fail closed: the request is refused and never sent raw (the redactor and the vault count their refusals).
            throw Refused(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not GatewayException)
        {
            // The vault store failed (Redis down, the file locked): refused like a vault that does not open.
            throw new GatewayException(500, AnthropicErrorTypes.Api, $"Redaction failed: the vault store is unavailable ({ex.GetType().Name}); nothing was sent.");
        }
    }

    /// <summary>
    /// The vault of the call's conversation: the client's <c>skillgate-conversation-id</c>, or else a hash of how the
    /// conversation starts (system prompt and first message, resent unchanged every turn), per tenant; a newline keeps
    /// the two kinds apart (a header value cannot hold one).
    /// </summary>
    private string? VaultIdOf(MessageRequest request) =>
        !string.IsNullOrEmpty(request.ConversationId) ? request.Tenant.Name + ":" + request.ConversationId
        : pseudonymizer.ConversationIdOf(request.Body.Span) is { } auto ? request.Tenant.Name + "\n" + auto
        : null;

    /// <summary>
    /// A Message Batches body with every request's params redacted in the tenant's mode (null when it is off); the
    /// caller keeps its vaults (<see cref="BatchRedactor.SaveAsync"/>) once the upstream named the batch.
    /// </summary>
    /// <exception cref="GatewayException">Redaction failed: nothing may be sent.</exception>
    public RedactedBatch? RedactBatch(Tenant tenant, ReadOnlyMemory<byte> body)
    {
        var mode = tenant.Redaction ?? options.Redaction.Mode;
        if (mode == RedactionMode.Off)
        {
            return null;
        }

        try
        {
            return services.GetRequiredService<BatchRedactor>().RedactBatch(body.Span, tenant.Name, mode);
        }
        catch (RedactionFailedException ex)
        {
            throw Refused(ex);
        }
    }

    /// <summary>
    /// The key every object the body names lives on (a file, a custom skill, a container), or null when it names none
    /// the gateway created. Objects of two different keys cannot meet in one call: no key can see both.
    /// </summary>
    private async ValueTask<string?> PinnedKeyAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        if (ObjectReferences.Find(request.Body.Span) is not { } ids)
        {
            return null;
        }

        string? key = null;
        foreach (var id in ids)
        {
            if (await owners.ResolveAsync(id, request.Tenant, cancellationToken) is not { } owned)
            {
                continue;
            }

            if (key is not null && !string.Equals(key, owned.KeyFingerprint, StringComparison.Ordinal))
            {
                throw GatewayException.InvalidRequest(
                    $"The request names objects created with different upstream keys ('{id}' is in another workspace than the others); one call can use the objects of one workspace only.");
            }

            key = owned.KeyFingerprint;
        }

        return key;
    }

    /// <summary>A refused redaction as the caller sees it: 400 for a bad request, 500 otherwise.</summary>
    private static GatewayException Refused(RedactionFailedException ex) =>
        new(ex.ErrorType == AnthropicErrorTypes.InvalidRequest ? 400 : 500, ex.ErrorType, ex.Message);

    /// <summary>One prepared call: what goes upstream and what its answer needs (the vault to restore from, the estimate to learn from).</summary>
    internal sealed class PreparedCall(IUpstreamClient client, UpstreamRequest upstream, MessageRequest request, TokenEstimate? estimate, PseudonymVault? restoreFrom)
    {
        public required RequestRedactor Redactor { get; init; }

        public required Pseudonymizer Pseudonymizer { get; init; }

        public required ITokenEstimator Estimator { get; init; }

        public required GatewayMetrics Metrics { get; init; }

        public required ObjectOwners Owners { get; init; }

        public IUpstreamClient Client { get; } = client;

        public UpstreamRequest Upstream { get; } = upstream;

        public MessageRequest Request { get; } = request;

        /// <summary>A restorer for a streamed answer, or null when the answer is passed through.</summary>
        public MessageStreamRestorer? CreateStreamRestorer() =>
            restoreFrom is null ? null : Pseudonymizer.CreateMessageStreamRestorer(restoreFrom);

        public ReadOnlyMemory<byte> RestoreBody(ReadOnlyMemory<byte> body) =>
            restoreFrom is null ? body : Redactor.RestoreResponse(body.Span, restoreFrom);

        /// <summary>Teaches the estimator what the upstream counted (the transport counts the tokens). Called once per call.</summary>
        public void Observe(UpstreamUsage usage)
        {
            var reported = usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens;
            if (estimate is { } e && reported > 0)
            {
                Estimator.Observe(e, reported);
            }
        }

        public void Failed(string errorType) => Metrics.Error(errorType);

        /// <summary>
        /// Files the answer names that the gateway does not know yet (a skill's output): they belong to the tenant and
        /// the key that served the answer, so <c>/v1/files/{id}/content</c> reaches them. Known files keep their owner.
        /// </summary>
        public async Task RecordFilesAsync(List<string> ids, string? keyFingerprint)
        {
            if (keyFingerprint is null)
            {
                return;
            }

            foreach (var id in ids)
            {
                if (await Owners.FindAsync(id, CancellationToken.None) is null)
                {
                    await Owners.RecordAsync(id, ObjectKinds.File, Request.Tenant, keyFingerprint, null, CancellationToken.None);
                }
            }
        }

        /// <summary>A container the answer created or reused: later calls naming it go to the same key.</summary>
        public async Task RecordContainerAsync(string id, DateTimeOffset? expiresAt, string? keyFingerprint)
        {
            if (keyFingerprint is not null)
            {
                await Owners.RecordAsync(id, ObjectKinds.Container, Request.Tenant, keyFingerprint, expiresAt, CancellationToken.None);
            }
        }
    }
}
