using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>
/// Checks a user turn's content before it is stored, with the library's rules (<see cref="MessageRules"/>) plus
/// non-empty content: a stored turn is in every later view, so a block the builder cannot read or the API refuses is
/// answered with a 400 naming the block and field instead.
/// </summary>
internal static class TurnContent
{
    /// <summary>Returns the <c>tool_use_id</c>s the turn's tool_result blocks answer.</summary>
    /// <exception cref="GatewayException">400 naming the block and field at fault.</exception>
    public static List<string> Validate(JsonNode? content)
    {
        try
        {
            return MessageRules.Validate(content, "user", requireContent: true);
        }
        catch (InvalidMessageException e)
        {
            throw GatewayException.InvalidRequest(e.Message);
        }
    }

    /// <summary>Every tool_result must answer a tool_use of the conversation's last assistant turn.</summary>
    /// <exception cref="GatewayException">400 naming the unknown id.</exception>
    public static void CheckAnswers(IReadOnlyList<string> answered, IReadOnlyList<ConversationEntry> entries)
    {
        try
        {
            MessageRules.CheckAnswers(answered, entries);
        }
        catch (InvalidMessageException e)
        {
            throw GatewayException.InvalidRequest(e.Message);
        }
    }
}
