using System.Text;
using System.Text.Json.Nodes;

namespace Skillgate.Server.Messages;

/// <summary>
/// Continuing a turn the upstream paused (<c>stop_reason: "pause_turn"</c>, a long code-execution run): the paused
/// answer goes back as the assistant's turn, in the same container, and the answers are joined into one message —
/// content in order, usage summed, the last stop reason. Opt-in (<c>skillgate-continue-pause-turn: N</c> or
/// <c>Skills:ContinuePauseTurns</c>); by default a paused answer is returned as the API returns it.
/// </summary>
internal static class PauseTurns
{
    /// <summary>The request header that asks the gateway to continue up to N paused turns itself.</summary>
    public const string Header = "skillgate-continue-pause-turn";

    /// <summary>Whether <paramref name="answer"/> is a paused turn.</summary>
    public static bool IsPaused(ReadOnlySpan<byte> answer) =>
        answer.IndexOf("\"pause_turn\""u8) >= 0 && Parse(answer)?["stop_reason"]?.GetValue<string>() == "pause_turn";

    /// <summary>The request that continues <paramref name="paused"/>: its content appended as the assistant's turn, in its container.</summary>
    public static byte[] Continue(ReadOnlySpan<byte> request, ReadOnlySpan<byte> paused)
    {
        var body = Parse(request) ?? throw new InvalidOperationException("The request is not a JSON object.");
        var answer = Parse(paused) ?? throw new InvalidOperationException("The paused answer is not a JSON object.");
        var messages = body["messages"] as JsonArray ?? [];
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer["content"]?.DeepClone() ?? new JsonArray() });
        body["messages"] = messages;
        if (answer["container"]?["id"]?.GetValue<string>() is { } container)
        {
            if (body["container"] is JsonObject asked)
            {
                asked["id"] = container;
            }
            else
            {
                body["container"] = container;
            }
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>One message from a paused answer and its continuation: content joined, usage summed, the later stop.</summary>
    public static byte[] Join(ReadOnlySpan<byte> first, ReadOnlySpan<byte> next)
    {
        var joined = Parse(first)!;
        var later = Parse(next)!;
        var content = joined["content"] as JsonArray ?? [];
        foreach (var block in later["content"] as JsonArray ?? [])
        {
            content.Add(block?.DeepClone());
        }

        joined["content"] = content;
        joined["stop_reason"] = later["stop_reason"]?.DeepClone();
        joined["stop_sequence"] = later["stop_sequence"]?.DeepClone();
        if (later["container"] is { } container)
        {
            joined["container"] = container.DeepClone();
        }

        if (joined["usage"] is JsonObject usage && later["usage"] is JsonObject more)
        {
            foreach (var (name, value) in more)
            {
                if (value is JsonValue number && number.TryGetValue<long>(out var add) && usage[name] is JsonValue mine && mine.TryGetValue<long>(out var have))
                {
                    usage[name] = have + add;
                }
            }
        }

        return Encoding.UTF8.GetBytes(joined.ToJsonString());
    }

    private static JsonObject? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(json);
            return JsonNode.Parse(ref reader) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
