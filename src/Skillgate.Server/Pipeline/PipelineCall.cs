using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Server.Forwarding;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Server.Pipeline;

/// <summary>
/// One <c>POST /v1/messages</c> on its way through the pipeline: the (redacted) request for the transport, the
/// admission context the scheduler reads, and what the answer needs (the vault to restore from, the estimate to learn from).
/// </summary>
internal sealed class PipelineCall(IUpstreamClient client, UpstreamRequest request, ITokenEstimator estimator)
{
    public IUpstreamClient Client { get; } = client;

    public UpstreamRequest Request { get; } = request;

    /// <summary>Tenant, priority and deadline for the scheduler; null when the tenant is not scheduled.</summary>
    public AdmissionContext? Admission { get; init; }

    /// <summary>The estimate sent to the scheduler, learned from once usage is known.</summary>
    public TokenEstimate? Estimate { get; init; }

    /// <summary>The redactor and vault placeholders are restored from; null when the answer is passed through.</summary>
    public Pseudonymizer? Restorer { get; init; }

    public PseudonymVault? Vault { get; init; }

    public bool Restores => Restorer is not null && Vault is not null;

    /// <summary>Makes <see cref="Admission"/> the ambient context while the transport acquires keys.</summary>
    public IDisposable EnterAdmission() => Admission is { } admission ? AdmissionContext.Begin(admission) : NoScope.Instance;

    /// <summary>A non-streamed answer with its placeholders restored.</summary>
    public ReadOnlyMemory<byte> RestoreBody(ReadOnlyMemory<byte> body, RequestRedactor redactor) =>
        Restores ? redactor.RestoreResponse(body.Span, Vault!) : body;

    /// <summary>A restorer for a streamed answer, or null when the answer is passed through.</summary>
    public MessageStreamRestorer? CreateStreamRestorer() => Restores ? Restorer!.CreateMessageStreamRestorer(Vault!) : null;

    /// <summary>A restorer for a streamed answer relayed as raw SSE, or null when the answer is passed through.</summary>
    public SseRestorer? CreateSseRestorer() => CreateStreamRestorer() is { } restorer ? new SseRestorer(restorer) : null;

    /// <summary>Teaches the estimator what the upstream counted.</summary>
    public void Observe(UpstreamUsage usage)
    {
        var reported = usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens;
        if (Estimate is { } estimate && reported > 0)
        {
            estimator.Observe(estimate, reported);
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
