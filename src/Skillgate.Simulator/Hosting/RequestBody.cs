using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Simulator.Hosting;

/// <summary>Reads a request body into a pooled buffer, refusing bodies above a size limit.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it exceeds <paramref name="maxBytes"/> (the rest is not read).</summary>
    public static async ValueTask<PooledBuffer?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > maxBytes)
        {
            return null;
        }

        var buffer = new PooledBuffer((int)Math.Min(declared ?? 4096, maxBytes));
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var data = result.Buffer;
                if (buffer.Length + data.Length > maxBytes)
                {
                    reader.AdvanceTo(data.End);
                    buffer.Dispose();
                    return null;
                }

                foreach (var segment in data)
                {
                    buffer.Write(segment.Span);
                }

                reader.AdvanceTo(data.End);
                if (result.IsCompleted)
                {
                    return buffer;
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
