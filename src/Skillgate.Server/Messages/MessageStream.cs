using System.Runtime.CompilerServices;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Ownership;
using Skillgate.Upstream;

namespace Skillgate.Server.Messages;

/// <summary>
/// A streamed Messages answer whose first token has arrived: runs of whole SSE events as bytes, placeholders restored.
/// Usage is learned and counted once, when the stream is disposed; dispose it to release the upstream connection.
/// </summary>
internal sealed class MessageStream : IAsyncDisposable
{
    private readonly UpstreamStream _stream;
    private readonly MessageExecutor.PreparedCall _call;
    private int _disposed;

    internal MessageStream(UpstreamStream stream, MessageExecutor.PreparedCall call)
    {
        _stream = stream;
        _call = call;
    }

    /// <summary>The upstream headers a caller sees (<c>request-id</c>, <c>anthropic-ratelimit-*</c>, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _stream.Headers;

    public string? RequestId => _stream.RequestId;

    /// <summary>The usage seen so far (final once the stream ended).</summary>
    public UpstreamUsage Usage => _stream.Usage;

    /// <summary>Why the stream ended early (it then ended with an <c>event: error</c>), or null.</summary>
    public UpstreamErrorKind? Error => _stream.Error;

    /// <summary>The fingerprint of the key that serves it.</summary>
    public string? KeyFingerprint => _stream.KeyFingerprint;

    /// <summary>
    /// The events, as runs of whole SSE events; each run is valid until the next one is read. A failure after the
    /// first token ends the sequence with an <c>event: error</c> run (see <see cref="UpstreamStream.ReadEventsAsync"/>).
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var restorer = _call.CreateStreamRestorer() is { } restore ? new SseRestorer(restore) : null;
        var recorded = false;
        await foreach (var run in _stream.ReadEventsAsync(cancellationToken))
        {
            if (ContainerReferences.Mentions(run.Span))
            {
                if (!recorded && ContainerReferences.TryFindInEvents(run.Span, out var container, out var expires))
                {
                    recorded = true;
                    await _call.RecordContainerAsync(container, expires, _stream.KeyFingerprint);
                }

                await _call.RecordFilesAsync(ContainerReferences.FileIdsInEvents(run.Span), _stream.KeyFingerprint);
            }

            yield return restorer is null ? run : restorer.Restore(run.Span);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stream.DisposeAsync();
        _call.Observe(_stream.Usage);
        if (_stream.Error is { } kind)
        {
            _call.Failed(kind.ToString());
        }
    }
}
