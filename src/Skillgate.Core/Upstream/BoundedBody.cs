using System.Buffers;

namespace Skillgate.Upstream;

/// <summary>Reads upstream response bodies into memory, never more than a limit.</summary>
internal static class BoundedBody
{
    /// <summary>Reads a whole non-streaming body, failing with <see cref="InvalidDataException"/> past <paramref name="limit"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared <= limit)
        {
            // HTTP framing holds the body to its declared length: the usual case, read in one allocation.
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        if (declared is null)
        {
            var body = await ReadBoundedAsync(response, (int)Math.Min(int.MaxValue, limit + 1L), cancellationToken).ConfigureAwait(false);
            if (body.Length <= limit)
            {
                return body;
            }
        }

        throw new InvalidDataException($"The upstream's answer is larger than {limit} bytes.");
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of a body (an error body: the rest is left unread).</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16 * 1024));
        try
        {
            var total = 0;
            while (total < limit)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, limit) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
