using System.Text.Json;
using Skillgate.Context;

namespace Skillgate.Server.Conversations;

/// <summary>
/// Counts a log's rounds the way views cut them: a round starts at a user message that is not only tool results and
/// does not follow another user message (those are merged into one turn).
/// </summary>
internal static class RoundCounter
{
    public static int Count(IEnumerable<ConversationEntry> entries)
    {
        var rounds = 0;
        var previousUser = false;
        foreach (var entry in entries)
        {
            if (entry.Kind != ConversationEntryKind.Message)
            {
                continue;
            }

            using var message = JsonDocument.Parse(entry.Json);
            var root = message.RootElement;
            var user = root.GetProperty("role").ValueEquals("user"u8);
            if (user && !previousUser && !OnlyToolResults(root.GetProperty("content")))
            {
                rounds++;
            }

            previousUser = user;
        }

        return rounds;
    }

    private static bool OnlyToolResults(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            return false;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (!block.TryGetProperty("type", out var type) || !type.ValueEquals("tool_result"u8))
            {
                return false;
            }
        }

        return true;
    }
}
