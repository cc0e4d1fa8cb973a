using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Metrics;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Hosting;

/// <summary>
/// The outermost layer: stamps the arrival time, sets <c>request-id</c> on every response, authenticates
/// <c>/v1/</c> requests, and turns every failure into an Anthropic-shaped error (never a 500 for a client's mistake).
/// </summary>
internal sealed partial class GatewayMiddleware(RequestDelegate next, ClientKeyStore keys, GatewayMetrics metrics, GatewayOptions options, TimeProvider time, ILogger<GatewayMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = new GatewayRequestFeature(time.GetTimestamp());
        context.Features.Set(feature);

        // In someone else's application Kestrel's limit is theirs: the gateway's paths get the gateway's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }

        var response = context.Response;
        response.OnStarting(static state =>
        {
            var c = (HttpContext)state;
            if (!c.Response.Headers.ContainsKey(RequestIds.HeaderName))
            {
                c.Response.Headers[RequestIds.HeaderName] = RequestIds.Get(c);
            }

            return Task.CompletedTask;
        }, context);

        try
        {
            if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                Authenticate(context, feature);
            }

            await next(context);
            if (!response.HasStarted && response.StatusCode is 404 or 405 && response.ContentLength is null)
            {
                await WriteErrorAsync(context, response.StatusCode == 404
                    ? new GatewayException(404, AnthropicErrorTypes.NotFound, $"No route for {context.Request.Method} {context.Request.Path}.")
                    : new GatewayException(405, AnthropicErrorTypes.InvalidRequest, $"Method {context.Request.Method} is not allowed on {context.Request.Path}."));
            }
        }
        catch (GatewayException ex)
        {
            await WriteErrorAsync(context, ex);
        }
        catch (BadHttpRequestException ex)
        {
            await WriteErrorAsync(context, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new GatewayException(413, AnthropicErrorTypes.RequestTooLarge, "The request body exceeds the size limit.")
                : GatewayException.InvalidRequest($"Bad request: {ex.Message}"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is no one to answer.
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException && context.RequestAborted.IsCancellationRequested)
        {
            // Same: the connection is gone.
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path.Value ?? "");
            await WriteErrorAsync(context, new GatewayException(500, AnthropicErrorTypes.Api, "An internal error occurred in the gateway."));
        }
        finally
        {
            if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                // The route pattern, not the path: ids and junk paths must not become metric series.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.RequestDone(route, response.StatusCode, feature.Tenant.Name, time.GetElapsedTime(feature.StartTimestamp));
            }
        }
    }

    /// <exception cref="GatewayException">401 for an unknown key, 429 for a tenant over its quota.</exception>
    private void Authenticate(HttpContext context, GatewayRequestFeature feature)
    {
        if (!keys.Enabled)
        {
            return;
        }

        var tenant = keys.Find(ClientKeyStore.PresentedKey(context.Request));
        if (tenant is null)
        {
            LogUnknownKey(logger, context.Request.Path.Value ?? "");
            throw new GatewayException(401, AnthropicErrorTypes.Authentication, "invalid x-api-key");
        }

        feature.Tenant = tenant;
        if (tenant.Quota is { } quota && !quota.TryAcquire(out var retryAfter))
        {
            throw new GatewayException(429, AnthropicErrorTypes.RateLimit, $"Tenant '{tenant.Name}' is over its requests-per-minute quota.", retryAfter);
        }
    }

    private Task WriteErrorAsync(HttpContext context, GatewayException error)
    {
        metrics.Error(error.ErrorType);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.Headers.Clear();
        return AnthropicError.WriteAsync(context, error);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Rejected an unknown client key on {Path}")]
    private static partial void LogUnknownKey(ILogger logger, string path);
}
