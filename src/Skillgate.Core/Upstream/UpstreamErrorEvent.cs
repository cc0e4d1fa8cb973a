using System.Buffers;
using Skillgate.Protocol;

namespace Skillgate.Upstream;

/// <summary>Writes the Anthropic-shaped <c>event: error</c> that ends a stream which failed after its first byte.</summary>
internal static class UpstreamErrorEvent
{
    public static byte[] Create(string errorType, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new SseWriter(buffer))
        {
            writer.WriteError(new AnthropicError(errorType, message));
        }

        return buffer.WrittenSpan.ToArray();
    }
}
