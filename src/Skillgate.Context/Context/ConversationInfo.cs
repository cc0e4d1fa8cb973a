namespace Skillgate.Context;

/// <summary>A conversation in a listing.</summary>
/// <param name="Id">The conversation id.</param>
/// <param name="Version">Its log's version (number of entries).</param>
/// <param name="UpdatedAt">When its last entry was appended.</param>
public sealed record ConversationInfo(string Id, long Version, DateTimeOffset UpdatedAt);
