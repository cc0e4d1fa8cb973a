namespace Skillgate.Context;

/// <summary>An append expected a conversation version that is no longer current: another writer got there first.</summary>
public sealed class ConversationConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConversationConcurrencyException()
        : this("The conversation was changed by another writer.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConversationConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConversationConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a conversation whose version did not match.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="expectedVersion">The version the writer expected.</param>
    /// <param name="actualVersion">The version found.</param>
    public ConversationConcurrencyException(string conversationId, long expectedVersion, long actualVersion)
        : base($"Conversation '{conversationId}' is at version {actualVersion}, not {expectedVersion}.")
    {
        ConversationId = conversationId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The conversation.</summary>
    public string? ConversationId { get; }

    /// <summary>The version the writer expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found.</summary>
    public long ActualVersion { get; }
}
