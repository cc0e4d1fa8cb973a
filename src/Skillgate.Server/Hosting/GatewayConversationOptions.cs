namespace Skillgate.Server.Hosting;

/// <summary>The conversation endpoints (<c>/v1/conversations</c>): where conversations and documents are stored, and the defaults of a new conversation.</summary>
public sealed class GatewayConversationOptions
{
    /// <summary>
    /// The store: a SQLite file path (optionally prefixed <c>sqlite:</c>), or <c>redis:</c> followed by a
    /// StackExchange.Redis configuration string (<c>redis:localhost:6379,abortConnect=false</c>).
    /// Default: <c>skillgate.db</c> in the working directory.
    /// </summary>
    public string Store { get; set; } = "skillgate.db";

    /// <summary>The model of a conversation created without one. Default: <c>claude-sonnet-4-5</c>.</summary>
    public string DefaultModel { get; set; } = "claude-sonnet-4-5";

    /// <summary>The context window (tokens) of a conversation created without one. Default: 200,000.</summary>
    public int DefaultContextWindow { get; set; } = 200_000;

    /// <summary>The <c>max_tokens</c> of a turn that does not give one. Default: 1,024.</summary>
    public int DefaultMaxTokens { get; set; } = 1024;

    /// <summary>
    /// The model that summarizes old turns when a conversation outgrows its window (through the same upstream), e.g.
    /// <c>claude-haiku-4-5</c>. Default: none, the offline extractive summarizer. Either way the facts ledger is kept.
    /// </summary>
    public string? SummaryModel { get; set; }

    /// <summary>The in-memory cache of conversation logs, in bytes; evicting from it loses nothing. Default: 64 MB.</summary>
    public long CacheBytes { get; set; } = 64L * 1024 * 1024;
}
