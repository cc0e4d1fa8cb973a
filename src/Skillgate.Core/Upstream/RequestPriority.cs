namespace Skillgate.Upstream;

/// <summary>
/// Admission priority of a call (<see cref="UpstreamRequest.Priority"/>): every queued interactive request is
/// admitted before any batch request. It lives with the transport's request, which carries it to the key source.
/// </summary>
public enum RequestPriority
{
    /// <summary>A person is waiting (chat, gateway calls). The default.</summary>
    Interactive = 0,

    /// <summary>Bulk work (skill runs over many files) that yields to interactive requests.</summary>
    Batch = 1,
}
