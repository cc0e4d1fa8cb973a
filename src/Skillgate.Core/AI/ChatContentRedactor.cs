using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Skillgate.Redaction;

namespace Skillgate.AI;

/// <summary>
/// Applies a text transformation (redact or restore) to every piece of text of M.E.AI messages: text and reasoning
/// contents, function call arguments and function results (every string inside them), and the instructions.
/// Outbound, the caller's objects are copied, never changed; inbound, the response (ours) is changed in place.
/// </summary>
internal static class ChatContentRedactor
{
    /// <summary>Copies the messages and options with every text transformed by <paramref name="redact"/>.</summary>
    public static (List<ChatMessage> Messages, ChatOptions? Options) Redact(IEnumerable<ChatMessage> messages, ChatOptions? options, Func<string, string> redact)
    {
        var result = new List<ChatMessage>();
        foreach (var message in messages)
        {
            var copy = message.Clone();
            copy.Contents = [.. message.Contents.Select(c => RedactContent(c, redact))];
            result.Add(copy);
        }

        if (options?.Instructions is { Length: > 0 } instructions)
        {
            options = options.Clone();
            options.Instructions = redact(instructions);
        }

        return (result, options);
    }

    /// <summary>Transforms, in place, the text of every content of the response's messages.</summary>
    public static void Restore(ChatResponse response, Func<string, string> restore)
    {
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                RestoreContent(content, restore);
            }
        }
    }

    /// <summary>Transforms, in place, a content that is not streamed piecewise (function calls and results).</summary>
    public static void RestoreContent(AIContent content, Func<string, string> restore)
    {
        switch (content)
        {
            case TextContent text:
                text.Text = restore(text.Text);
                break;
            case TextReasoningContent reasoning:
                reasoning.Text = restore(reasoning.Text);
                break;
            case FunctionCallContent call when call.Arguments is not null:
                call.Arguments = Arguments(call.Arguments, restore);
                break;
            case FunctionResultContent result:
                result.Result = Value(result.Result, restore);
                break;
        }
    }

    private static AIContent RedactContent(AIContent content, Func<string, string> redact) => content switch
    {
        TextContent text => new TextContent(redact(text.Text)) { AdditionalProperties = text.AdditionalProperties, Annotations = text.Annotations },
        TextReasoningContent reasoning => new TextReasoningContent(redact(reasoning.Text)) { AdditionalProperties = reasoning.AdditionalProperties },
        FunctionCallContent call => new FunctionCallContent(call.CallId, call.Name, call.Arguments is null ? null : Arguments(call.Arguments, redact))
        {
            AdditionalProperties = call.AdditionalProperties,
        },
        FunctionResultContent result => new FunctionResultContent(result.CallId, Value(result.Result, redact))
        {
            Exception = result.Exception,
            AdditionalProperties = result.AdditionalProperties,
        },
        _ => content,
    };

    private static Dictionary<string, object?> Arguments(IDictionary<string, object?> arguments, Func<string, string> transform)
    {
        var copy = new Dictionary<string, object?>(arguments.Count, StringComparer.Ordinal);
        foreach (var (name, value) in arguments)
        {
            copy[name] = Value(value, transform);
        }

        return copy;
    }

    private static object? Value(object? value, Func<string, string> transform)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return transform(text);
            case bool or int or long or double or float or decimal:
                return value;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return transform(element.GetString()!);
            case JsonElement element:
                return Node(JsonNode.Parse(element.GetRawText()), transform);
            case JsonNode node:
                return Node(node.DeepClone(), transform);
            default:
                // Anything else is written as JSON by the request writer, so every string inside it is covered that way.
                var serialized = JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                return Node(serialized, transform);
        }
    }

    private static JsonNode? Node(JsonNode? node, Func<string, string> transform)
    {
        if (AsString(node) is { } text)
        {
            return JsonValue.Create(transform(text));
        }

        Walk(node, transform);
        return node;
    }

    private static void Walk(JsonNode? node, Func<string, string> transform)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (AsString(obj[name]) is { } text)
                    {
                        obj[name] = JsonValue.Create(transform(text));
                    }
                    else
                    {
                        Walk(obj[name], transform);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (AsString(array[i]) is { } text)
                    {
                        array[i] = JsonValue.Create(transform(text));
                    }
                    else
                    {
                        Walk(array[i], transform);
                    }
                }

                break;
        }
    }

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Wraps a failure of the transformation so that nothing raw escapes and the request is never sent.</summary>
    public static RedactionFailedException Failed(Exception ex) =>
        ex as RedactionFailedException ?? new RedactionFailedException("Redaction of the chat messages failed; the request was not sent.", ex);
}
