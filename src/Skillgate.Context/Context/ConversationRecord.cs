namespace Skillgate.Context;

/// <summary>An entry to append to a conversation log.</summary>
/// <param name="Kind">What the entry holds.</param>
/// <param name="Json">The entry's JSON payload.</param>
public sealed record ConversationRecord(ConversationEntryKind Kind, string Json);
