using Skillgate.Server.Auth;
using Skillgate.Server.Messages;
using Skillgate.Upstream;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.Health;

/// <summary>Ready means: the upstream answers and a key is available. The answer is cached briefly so probes stay cheap.</summary>
internal sealed class ReadinessProbe(MessageExecutor executor, GatewayOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _checkedAt;
    private ReadinessReport? _last;

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (_last is { } cached && time.GetElapsedTime(_checkedAt) < options.ReadinessCacheDuration)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && time.GetElapsedTime(_checkedAt) < options.ReadinessCacheDuration)
            {
                return again;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            bool upstream;
            try
            {
                upstream = await ProbeAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                upstream = false;
            }

            var report = new ReadinessReport(upstream, options.Upstream.Keys.Count);
            _last = report;
            _checkedAt = time.GetTimestamp();
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the upstream answers at all: any answer that is not a server fault means it is there.</summary>
    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = new UpstreamRequest(ReadOnlyMemory<byte>.Empty, stream: false)
        {
            Method = HttpMethod.Get,
            Path = "/v1/models?limit=1",
            ContentType = null,
            Metered = false,
        };
        try
        {
            await using var answer = await executor.ClientFor(Tenant.Anonymous).SendRawAsync(probe, cancellationToken);
            return true;
        }
        catch (UpstreamException ex)
        {
            return ex.Kind == UpstreamErrorKind.HttpStatus && ex.StatusCode < 500;
        }
    }
}
