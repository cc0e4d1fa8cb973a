using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Upstream;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Forwarding;

/// <summary>Copies an upstream response to the caller: status and headers, then the body as bytes, sniffing usage on the way.</summary>
internal sealed partial class HttpRelay(GatewayMetrics metrics, TimeProvider time, ILogger<HttpRelay> logger)
{
    public const string OverheadHeader = "skillgate-overhead-ms";
    /// <summary>The largest upstream body read whole (to count its usage, or to relay an error).</summary>
    internal const int BufferedBodyLimit = 4 * 1024 * 1024;
    private const int StreamBufferBytes = 4096;

    public async Task RelayAsync(HttpContext context, GatewayRequestFeature request, UpstreamResponse upstream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(upstream);
        var message = upstream.Message;
        var response = context.Response;
        response.StatusCode = (int)message.StatusCode;
        CopyHeaders(message.Headers, response.Headers);
        CopyHeaders(message.Content.Headers, response.Headers);

        var contentType = message.Content.Headers.ContentType?.MediaType;
        var isSse = string.Equals(contentType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (!message.IsSuccessStatusCode)
        {
            metrics.Error(ErrorTypeOf(response.StatusCode));
        }

        if (isSse)
        {
            WriteOverhead(response, request, upstream);
            await RelayStreamAsync(context, request, message, cancellationToken);
            return;
        }

        var length = message.Content.Headers.ContentLength;
        if (length is { } large and > BufferedBodyLimit)
        {
            response.ContentLength = large;
            WriteOverhead(response, request, upstream);
            await using var big = await message.Content.ReadAsStreamAsync(cancellationToken);
            await big.CopyToAsync(response.Body, cancellationToken);
            return;
        }

        // Small bodies (every JSON answer of the API) are read whole so that their usage can be counted.
        await using var stream = await message.Content.ReadAsStreamAsync(cancellationToken);
        var body = new MemoryStream(length is { } known ? (int)known : 4096);
        var complete = await CopyUpToAsync(stream, body, BufferedBodyLimit, cancellationToken);
        if (complete)
        {
            if (message.IsSuccessStatusCode)
            {
                var usage = SseSniffer.UsageOf(body.GetBuffer().AsSpan(0, (int)body.Length));
                metrics.Tokens(usage.InputTokens, usage.OutputTokens, request.Tenant.Name);
            }

            response.ContentLength = body.Length;
        }

        WriteOverhead(response, request, upstream);
        await response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), cancellationToken);
        if (!complete)
        {
            await stream.CopyToAsync(response.Body, cancellationToken);
        }
    }

    /// <summary>Copies <paramref name="from"/> into <paramref name="to"/>; false (the rest unread) once more than <paramref name="limit"/> bytes came.</summary>
    internal static async Task<bool> CopyUpToAsync(Stream from, MemoryStream to, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                to.Write(buffer, 0, read);
                if (to.Length > limit)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task RelayStreamAsync(HttpContext context, GatewayRequestFeature request, HttpResponseMessage message, CancellationToken cancellationToken)
    {
        metrics.StreamOpened("sse");
        var reader = new SsePushReader();
        var sawFirstToken = false;
        try
        {
            await using var stream = await message.Content.ReadAsStreamAsync(cancellationToken);
            await context.Response.StartAsync(cancellationToken);
            while (true)
            {
                // A zero-byte read waits for data without holding a buffer: idle streams (most of them, most of
                // the time) then cost no buffer memory.
                _ = await stream.ReadAsync(Memory<byte>.Empty, cancellationToken);
                var buffer = ArrayPool<byte>.Shared.Rent(StreamBufferBytes);
                try
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    reader.Feed(buffer.AsSpan(0, read));
                    if (!sawFirstToken && reader.HasFirstToken)
                    {
                        sawFirstToken = true;
                        metrics.TimeToFirstToken(time.GetElapsedTime(request.StartTimestamp), "sse");
                    }

                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            // Bytes already reached the caller: the stream cannot be retried, so it ends with a proper error event.
            LogStreamCut(logger, ex.GetType().Name);
            metrics.Error(AnthropicErrorTypes.Api);
            var error = AnthropicError.ToJson(AnthropicErrorTypes.Api, "The upstream stream ended unexpectedly.", RequestIds.Get(context));
            await context.Response.Body.WriteAsync("event: error\ndata: "u8.ToArray(), CancellationToken.None);
            await context.Response.Body.WriteAsync(error, CancellationToken.None);
            await context.Response.Body.WriteAsync("\n\n"u8.ToArray(), CancellationToken.None);
        }
        finally
        {
            metrics.StreamClosed("sse");
            metrics.Tokens(reader.State.InputTokens, reader.State.OutputTokens, request.Tenant.Name);
        }
    }

    private void WriteOverhead(HttpResponse response, GatewayRequestFeature request, UpstreamResponse upstream)
    {
        var total = time.GetElapsedTime(request.StartTimestamp);
        var upstreamWait = time.GetElapsedTime(upstream.SentTimestamp, upstream.HeadersTimestamp);
        var overhead = total - upstreamWait;
        if (overhead < TimeSpan.Zero)
        {
            overhead = TimeSpan.Zero;
        }

        metrics.Overhead(overhead);
        response.Headers[OverheadHeader] = overhead.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var (name, values) in from.NonValidated)
        {
            if (!HeaderPolicy.Returned(name))
            {
                continue;
            }

            if (values.Count == 1)
            {
                to[name] = values.ToString();
            }
            else
            {
                var list = new string[values.Count];
                var i = 0;
                foreach (var value in values)
                {
                    list[i++] = value;
                }

                to[name] = list;
            }
        }
    }

    internal static string ErrorTypeOf(int status) => Skillgate.Protocol.AnthropicErrorTypes.FromStatusCode(status);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Upstream stream cut after the first byte ({Reason}); ended with an error event")]
    private static partial void LogStreamCut(ILogger logger, string reason);
}
