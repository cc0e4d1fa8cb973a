namespace Skillgate.Server.Messages;

/// <summary>The few fields of a request body the gateway decides on; everything else passes through unread.</summary>
internal readonly record struct RequestSummary(string? Model, long MaxTokens, bool Stream);
