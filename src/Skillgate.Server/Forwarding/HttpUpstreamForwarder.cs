using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Forwarding;

/// <summary>
/// Forwards over one pooled <see cref="HttpClient"/> (HTTP/2 prior knowledge when asked, so that
/// thousands of streams share a few connections), rotating over the upstream keys.
/// </summary>
internal sealed partial class HttpUpstreamForwarder : IUpstreamForwarder, IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _baseUrl;
    private readonly string[] _keys;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private readonly TimeSpan _responseTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _nextKey = -1;

    public HttpUpstreamForwarder(GatewayUpstreamOptions options, TimeProvider time, ILogger<HttpUpstreamForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _baseUrl = options.BaseUrl ?? throw new ArgumentException("An upstream BaseUrl is required.", nameof(options));
        _keys = [.. options.Keys];
        _time = time;
        _logger = logger;
        _responseTimeout = options.ResponseTimeout;
        var h2c = options.Http2 && _baseUrl.Scheme == Uri.UriSchemeHttp;
        _version = options.Http2 || _baseUrl.Scheme == Uri.UriSchemeHttps ? HttpVersion.Version20 : HttpVersion.Version11;
        _versionPolicy = h2c ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            MaxConnectionsPerServer = options.MaxConnections,
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),

            // A response given up early (a client gone, a stream over its resume cap) closes its connection at
            // once, which stops the generation upstream, instead of being read on (up to 1 MB for 2 s) for reuse.
            MaxResponseDrainSize = 0,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var request = new HttpRequestMessage(call.Method, new Uri(_baseUrl, call.PathAndQuery))
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
        };
        string? contentType = null;
        foreach (var (name, value) in call.Headers)
        {
            if (string.Equals(name, "content-type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("x-api-key", call.Tenant.NextUpstreamKey() ?? NextKey());
        if (call.Body is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(_responseTimeout);
        var sent = _time.GetTimestamp();
        try
        {
            var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, lifetime.Token);

            // The timeout covers the wait for headers only; a stream may then run as long as it runs.
            lifetime.CancelAfter(Timeout.InfiniteTimeSpan);
            return new UpstreamResponse(response, lifetime, sent, _time.GetTimestamp());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            lifetime.Dispose();
            LogUpstreamTimeout(_logger, call.PathAndQuery, _responseTimeout.TotalSeconds);
            throw new GatewayException(504, AnthropicErrorTypes.Timeout, "The upstream did not answer in time.");
        }
        catch (HttpRequestException ex)
        {
            lifetime.Dispose();
            LogUpstreamUnreachable(_logger, call.PathAndQuery, ex.HttpRequestError);
            throw new GatewayException(502, AnthropicErrorTypes.Api, "The upstream could not be reached.");
        }
        catch
        {
            lifetime.Dispose();
            throw;
        }
    }

    public async Task<bool> ProbeAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl, "/v1/models?limit=1"))
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
        };
        request.Headers.TryAddWithoutValidation("x-api-key", NextKey());
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            // Any HTTP answer that is not a server fault means the upstream is there.
            return (int)response.StatusCode < 500;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private string NextKey() => _keys[(int)((uint)Interlocked.Increment(ref _nextKey) % (uint)_keys.Length)];

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Upstream did not answer {Path} within {TimeoutSeconds} s")]
    private static partial void LogUpstreamTimeout(ILogger logger, string path, double timeoutSeconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Upstream unreachable for {Path}: {Error}")]
    private static partial void LogUpstreamUnreachable(ILogger logger, string path, HttpRequestError error);
}
