namespace Skillgate.Context;

/// <summary>
/// The durable, append-only log of each conversation: the source of truth from which views are built.
/// An append that returns has been committed durably; appends are checked against the expected version.
/// </summary>
public interface IConversationStore
{
    /// <summary>Appends entries atomically if the log is at <paramref name="expectedVersion"/> (0 creates it).</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="records">The entries to append, in order (at least one).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ConversationConcurrencyException">The log is at another version.</exception>
    Task<long> AppendAsync(string conversationId, long expectedVersion, IReadOnlyList<ConversationRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Reads the entries after a sequence, in order; an unknown conversation has none.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="afterSequence">Only entries with a greater sequence are returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<ConversationEntry>> ReadAsync(string conversationId, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>The current version of a conversation; 0 when it does not exist.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    Task<long> GetVersionAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Lists conversations, most recently updated first.</summary>
    /// <param name="limit">At most this many (at least 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversations.</returns>
    Task<IReadOnlyList<ConversationInfo>> ListAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists one scope's conversations, most recently updated first (ties by id, descending), a page at a time. An
    /// id's scope is its part up to and including its last <c>/</c> (a tenant's <c>acme/</c> in <c>acme/conv_1</c>),
    /// or empty for an id without one. Stores index conversations by scope, so a page does not read other scopes.
    /// </summary>
    /// <param name="scope">The scope: empty, or ending with <c>/</c>.</param>
    /// <param name="limit">At most this many (at least 1).</param>
    /// <param name="afterId">The whole id of the last conversation of the previous page, or <see langword="null"/>
    /// for the first page; when it is not in the scope (any more), the page is empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversations, with their whole ids.</returns>
    Task<IReadOnlyList<ConversationInfo>> ListScopeAsync(string scope, int limit, string? afterId = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a conversation and its log (the user's request; nothing else removes entries).</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default);
}
