using System.Text;

namespace Skillgate.Simulator;

/// <summary>One request the simulator received, kept when <see cref="SimulatorOptions.RecordRequests"/> is above 0,
/// so tests can assert what reached the upstream (<see cref="SimulatorHost.GetRecordedRequests"/>).</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset receivedAt)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
        ReceivedAt = receivedAt;
    }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The path and query string, e.g. <c>/v1/messages?beta=true</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary>The request headers by lower-case name; repeated headers are joined with a comma.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body bytes exactly as received (empty for a body over <see cref="SimulatorOptions.MaxRequestBodyBytes"/>).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>When the request arrived (from <see cref="SimulatorOptions.TimeProvider"/>).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The <c>request-id</c> the simulator answered with; null until the response started (or when the
    /// connection was reset before the headers).</summary>
    public string? RequestId { get; internal set; }

    /// <summary>The response status; 0 until the response started.</summary>
    public int StatusCode { get; internal set; }
}
