namespace Skillgate.Upstream;

/// <summary>A successful non-streaming answer: the upstream's body unchanged, plus what was sniffed from it.</summary>
public sealed class UpstreamResponse
{
    /// <summary>Creates the response.</summary>
    public UpstreamResponse(int statusCode, ReadOnlyMemory<byte> body, UpstreamUsage usage, string? requestId, int attempts)
    {
        StatusCode = statusCode;
        Body = body;
        Usage = usage;
        RequestId = requestId;
        Attempts = attempts;
    }

    /// <summary>The HTTP status (2xx).</summary>
    public int StatusCode { get; }

    /// <summary>The JSON body as the upstream sent it.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Usage from the body.</summary>
    public UpstreamUsage Usage { get; }

    /// <summary>The upstream's <c>request-id</c> header.</summary>
    public string? RequestId { get; }

    /// <summary>Attempts made, the successful one included.</summary>
    public int Attempts { get; }
}
