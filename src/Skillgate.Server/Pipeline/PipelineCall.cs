using Skillgate.Redaction;
using Skillgate.Server.Forwarding;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Server.Pipeline;

/// <summary>
/// One <c>POST /v1/messages</c> on its way through the pipeline: the (redacted) request for the transport (which
/// carries the tenant, priority and deadline the scheduler reads), and what the answer needs (the vault to restore from, the estimate to learn from).
/// </summary>
internal sealed class PipelineCall(IUpstreamClient client, UpstreamRequest request, ITokenEstimator estimator)
{
    public IUpstreamClient Client { get; } = client;

    public UpstreamRequest Request { get; } = request;

    /// <summary>The estimate sent to the scheduler, learned from once usage is known.</summary>
    public TokenEstimate? Estimate { get; init; }

    /// <summary>The redactor and vault placeholders are restored from; null when the answer is passed through.</summary>
    public Pseudonymizer? Restorer { get; init; }

    public PseudonymVault? Vault { get; init; }

    public bool Restores => Restorer is not null && Vault is not null;

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
}
