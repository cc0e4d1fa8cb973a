using Skillgate.Protocol;

namespace Skillgate.Server.Messages;

/// <summary>The few fields of a request body the gateway decides on; everything else passes through unread.</summary>
internal readonly record struct RequestSummary(string? Model, long MaxTokens, bool Stream)
{
    /// <summary>What the protocol parser read from a Messages or count_tokens body.</summary>
    public MessageRequestInfo? Info { get; init; }
}
