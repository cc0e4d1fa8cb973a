using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Hosting;

/// <summary>Keeps the last N requests (opt-in, for tests): a ring buffer filled by a middleware that runs only when
/// recording is on, so the normal path pays nothing.</summary>
internal sealed class RequestRecorder(int capacity, long maxBodyBytes, TimeProvider time)
{
    private readonly RecordedRequest[] _ring = new RecordedRequest[capacity];
    private readonly Lock _lock = new();
    private long _total;
    private long _cleared;

    public long Dropped
    {
        get
        {
            lock (_lock)
            {
                return Math.Max(0, _total - _cleared - _ring.Length);
            }
        }
    }

    public async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/sim", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }

        var record = new RecordedRequest(request.Method, request.Path.Value + request.QueryString.Value, headers, body, time.GetUtcNow());
        context.Response.OnStarting(() =>
        {
            record.RequestId = context.Response.Headers[RateLimitHeaders.RequestId].ToString();
            record.StatusCode = context.Response.StatusCode;
            return Task.CompletedTask;
        });
        Add(record);
        await next(context);
    }

    public RecordedRequest[] Snapshot()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_ring.Length, _total - _cleared);
            var result = new RecordedRequest[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _ring[(int)((_total - count + i) % _ring.Length)];
            }

            return result;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _cleared = _total;
            Array.Clear(_ring);
        }
    }

    private void Add(RecordedRequest record)
    {
        lock (_lock)
        {
            _ring[(int)(_total % _ring.Length)] = record;
            _total++;
        }
    }

    // The endpoints read the body again, so it is handed back to them as a buffered stream.
    private async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            return [];
        }

        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > maxBodyBytes)
            {
                break;
            }
        }

        var bytes = copy.ToArray();
        request.Body = new MemoryStream(bytes, writable: false);
        return copy.Length > maxBodyBytes ? [] : bytes;
    }
}
