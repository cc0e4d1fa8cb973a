using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Upstream;

namespace Skillgate.Server.Forwarding;

/// <summary>
/// <c>POST /v1/messages</c> and <c>count_tokens</c> through the library's transport (<see cref="IUpstreamClient"/>,
/// registered by <c>AddSkillgate</c>): one upstream for the shared keys, one per tenant that pins its own keys.
/// Used when <c>Upstream:Transport</c> is on.
/// </summary>
internal sealed class TransportForwarder(IServiceProvider services, GatewayMetrics metrics, TimeProvider time)
{
    public const string SharedUpstream = "gateway";

    public async Task RelayAsync(HttpContext context, GatewayRequestFeature request, UpstreamRequest call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        var client = ClientFor(request.Tenant);
        var response = context.Response;
        var sent = time.GetTimestamp();
        try
        {
            if (!call.Stream)
            {
                var answer = await client.SendAsync(call, cancellationToken);
                metrics.Tokens(answer.Usage.InputTokens, answer.Usage.OutputTokens, request.Tenant.Name);
                response.StatusCode = answer.StatusCode;
                response.ContentType = "application/json";
                response.ContentLength = answer.Body.Length;
                WriteHeaders(response, request, sent, answer.RequestId);
                await response.Body.WriteAsync(answer.Body, cancellationToken);
                return;
            }

            await using var stream = await client.StreamAsync(call, cancellationToken);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            WriteHeaders(response, request, sent, stream.RequestId);
            metrics.TimeToFirstToken(time.GetElapsedTime(request.StartTimestamp), "sse");
            metrics.StreamOpened("sse");
            try
            {
                await foreach (var run in stream.ReadEventsAsync(cancellationToken))
                {
                    await response.Body.WriteAsync(run, cancellationToken);
                }
            }
            finally
            {
                metrics.StreamClosed("sse");
                metrics.Tokens(stream.Usage.InputTokens, stream.Usage.OutputTokens, request.Tenant.Name);
            }
        }
        catch (UpstreamException ex) when (!response.HasStarted)
        {
            var status = ex.StatusCode is >= 400 and <= 599 ? ex.StatusCode : StatusCodes.Status502BadGateway;
            metrics.Error(ex.ErrorType);
            response.StatusCode = status;
            response.ContentType = "application/json";
            if (ex.RequestId is { } id)
            {
                response.Headers[RequestIds.HeaderName] = id;
            }

            if (ex.RetryAfter is { } wait)
            {
                response.Headers["retry-after"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            var body = ex.UpstreamBody.IsEmpty ? AnthropicError.ToJson(ex.ErrorType, ex.Message, RequestIds.Get(context)) : ex.UpstreamBody;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, cancellationToken);
        }
    }

    private void WriteHeaders(HttpResponse response, GatewayRequestFeature request, long sent, string? requestId)
    {
        if (requestId is not null)
        {
            response.Headers[RequestIds.HeaderName] = requestId;
        }

        // The transport's whole call (retries included) counts as upstream wait.
        var overhead = time.GetElapsedTime(request.StartTimestamp) - time.GetElapsedTime(sent);
        metrics.Overhead(overhead);
        response.Headers[HttpRelay.OverheadHeader] = Math.Max(0, overhead.TotalMilliseconds).ToString("0.000", CultureInfo.InvariantCulture);
    }

    /// <summary>The transport upstream for <paramref name="tenant"/>: its own keys if it pins some, else the shared ones.</summary>
    public IUpstreamClient ClientFor(Tenant tenant) =>
        services.GetRequiredKeyedService<IUpstreamClient>(tenant.UpstreamKeys.Length > 0 ? TenantUpstream(tenant.Name) : SharedUpstream);

    public static string TenantUpstream(string tenant) => "tenant-" + tenant;

    /// <summary>The transport's upstreams for <paramref name="options"/>: the shared keys, then each tenant's own.</summary>
    public static IEnumerable<UpstreamOptions> Upstreams(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        yield return Upstream(SharedUpstream, options.Upstream, options.Upstream.Keys);
        foreach (var key in options.ClientKeys.Where(k => k.UpstreamKeys.Count > 0).DistinctBy(k => k.Tenant))
        {
            yield return Upstream(TenantUpstream(key.Tenant), options.Upstream, key.UpstreamKeys);
        }
    }

    private static UpstreamOptions Upstream(string name, GatewayUpstreamOptions upstream, IList<string> keys)
    {
        var transport = new UpstreamOptions
        {
            Name = name,
            BaseAddress = upstream.BaseUrl,
            Protocol = upstream.Http2 ? UpstreamHttpProtocol.Http2Only
                : upstream.BaseUrl!.Scheme == Uri.UriSchemeHttps ? UpstreamHttpProtocol.Http2WithFallback
                : UpstreamHttpProtocol.Http11,
            MaxConnections = upstream.MaxConnections,
        };
        transport.Retry.MaxRetries = upstream.MaxRetries;
        transport.Timeouts.Connect = upstream.ConnectTimeout;
        for (var i = 0; i < keys.Count; i++)
        {
            transport.Keys.Add(new UpstreamKeyOptions { Id = "key" + i.ToString(CultureInfo.InvariantCulture), Value = keys[i] });
        }

        return transport;
    }
}
