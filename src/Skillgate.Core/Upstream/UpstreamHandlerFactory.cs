using System.Net;
using System.Net.Sockets;

namespace Skillgate.Upstream;

/// <summary>
/// Builds the one <see cref="SocketsHttpHandler"/> of an upstream: pooled, bounded, HTTP/2 multiplexed where
/// possible, with its own connect callback that enforces the connect timeout and counts open sockets.
/// </summary>
internal static class UpstreamHandlerFactory
{
    public static SocketsHttpHandler Create(UpstreamOptions options, ConnectionTracker tracker, TimeProvider timeProvider)
    {
        var timeouts = options.Timeouts;
        var connect = timeouts.Connect;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnections,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            EnableMultipleHttp2Connections = true,

            // The handler's own timeout covers connect + TLS; our callback times the connect part alone, so
            // when the handler's fires after the socket connected, it was the TLS handshake.
            ConnectTimeout = connect + timeouts.TlsHandshake,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = options.UseProxy,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,

            // A response given up early (a caller gone, a stream stopped) closes its connection at once, which
            // stops the generation upstream, instead of being read on (up to 1 MB for 2 s) for reuse.
            MaxResponseDrainSize = 0,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, connect, tracker, timeProvider, cancellationToken),
        };
        return handler;
    }

    public static Version VersionFor(UpstreamHttpProtocol protocol) => protocol == UpstreamHttpProtocol.Http11 ? HttpVersion.Version11 : HttpVersion.Version20;

    public static HttpVersionPolicy PolicyFor(UpstreamHttpProtocol protocol) => protocol switch
    {
        UpstreamHttpProtocol.Http2Only => HttpVersionPolicy.RequestVersionExact,
        UpstreamHttpProtocol.Http11 => HttpVersionPolicy.RequestVersionExact,
        _ => HttpVersionPolicy.RequestVersionOrLower,
    };

    private static async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context,
        TimeSpan timeout,
        ConnectionTracker tracker,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, linked.Token).ConfigureAwait(false);
            return new TrackedNetworkStream(socket, tracker);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ConnectTimeoutException();
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
