using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skillgate.Context;

namespace Skillgate.Server.Conversations;

/// <summary>The JSON the conversation endpoints answer with.</summary>
internal static class ConversationJson
{
    public static Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    public static JsonObject Conversation(string id, ConversationSettings settings, IReadOnlyList<ConversationEntry> entries)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["type"] = "conversation",
            ["model"] = settings.Model,
            ["context_window"] = settings.ContextWindow,
        };
        if (settings.System is not null)
        {
            json["system"] = settings.System.DeepClone();
        }

        if (settings.MaxTokens is { } maxTokens)
        {
            json["max_tokens"] = maxTokens;
        }

        json["version"] = entries.Count == 0 ? 0 : entries[^1].Sequence;
        json["created_at"] = entries.Count == 0 ? null : Time(entries[0].CreatedAt);
        json["updated_at"] = entries.Count == 0 ? null : Time(entries[^1].CreatedAt);
        return json;
    }

    public static JsonObject WithHistory(JsonObject conversation, IReadOnlyList<ConversationEntry> entries)
    {
        var messages = new JsonArray();
        var documents = new JsonArray();
        foreach (var entry in entries)
        {
            if (entry.Kind == ConversationEntryKind.Message)
            {
                // Shown as stored, even an entry the view builder skips (a log written before turns were checked).
                var message = JsonNode.Parse(entry.Json) as JsonObject;
                messages.Add(new JsonObject
                {
                    ["seq"] = entry.Sequence,
                    ["role"] = message?["role"]?.DeepClone(),
                    ["content"] = message?["content"]?.DeepClone(),
                    ["created_at"] = Time(entry.CreatedAt),
                });
            }
            else if (entry.Kind == ConversationEntryKind.Document)
            {
                var document = JsonNode.Parse(entry.Json)!.AsObject();
                documents.Add(new JsonObject
                {
                    ["seq"] = entry.Sequence,
                    ["hash"] = document["hash"]!.DeepClone(),
                    ["name"] = document["name"]!.DeepClone(),
                    ["created_at"] = Time(entry.CreatedAt),
                });
            }
        }

        conversation["messages"] = messages;
        conversation["documents"] = documents;
        return conversation;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
