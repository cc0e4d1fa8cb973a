using Skillgate.Upstream;

namespace Skillgate.Server.Messages;

/// <summary>A non-streamed Messages answer, placeholders restored.</summary>
/// <param name="StatusCode">The upstream's 2xx status.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Headers">The upstream headers a caller sees (<c>request-id</c>, <c>anthropic-ratelimit-*</c>, ...).</param>
/// <param name="RequestId">The upstream's <c>request-id</c>.</param>
/// <param name="Usage">The usage the answer reported.</param>
/// <param name="KeyFingerprint">The fingerprint of the key that served it.</param>
internal sealed record MessageAnswer(
    int StatusCode,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? RequestId,
    UpstreamUsage Usage,
    string? KeyFingerprint);
