using Microsoft.AspNetCore.Http;
using Skillgate.Server.Errors;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Messages;

/// <summary>Reads a request body whole, within the size limit.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is { } length)
        {
            if (length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            var buffer = new byte[length];
            try
            {
                await request.Body.ReadExactlyAsync(buffer, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                throw GatewayException.InvalidRequest("The request body is shorter than its content-length.");
            }

            return buffer;
        }

        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            copy.Write(chunk, 0, read);
        }

        return copy.ToArray();
    }

    public static GatewayException TooLarge(long maxBytes) =>
        new(413, AnthropicErrorTypes.RequestTooLarge, $"The request body exceeds the limit of {maxBytes} bytes.");
}
