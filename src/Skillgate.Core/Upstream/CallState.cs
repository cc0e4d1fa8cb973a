namespace Skillgate.Upstream;

/// <summary>Per-call state shared by the attempts of one call.</summary>
internal sealed class CallState
{
    public CallState(UpstreamClient client, UpstreamRequest request, bool streaming)
    {
        Client = client;
        Request = request;
        Streaming = streaming;
        Started = client.Timestamp();
    }

    public UpstreamClient Client { get; }

    public UpstreamRequest Request { get; }

    public bool Streaming { get; }

    public long Started { get; }

    /// <summary>Attempts started so far.</summary>
    public int Attempts { get; set; }
}
