namespace Skillgate.Context;

/// <summary>An entry of a conversation log, as stored.</summary>
/// <param name="Sequence">Its position in the log, from 1; the log's version is the last sequence.</param>
/// <param name="Kind">What the entry holds.</param>
/// <param name="Json">The entry's JSON payload.</param>
/// <param name="CreatedAt">When it was appended.</param>
public sealed record ConversationEntry(long Sequence, ConversationEntryKind Kind, string Json, DateTimeOffset CreatedAt);
