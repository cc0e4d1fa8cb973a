using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Skillgate.AI;

/// <summary>Writes a Messages API request body from <see cref="ChatMessage"/>s and <see cref="ChatOptions"/>.</summary>
internal static class AnthropicRequestWriter
{
    public static byte[] Write(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, int maxTokens, bool stream)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, model);
            writer.WriteNumber("max_tokens"u8, maxTokens);
            WriteSystem(writer, messages, options);
            writer.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                if (message.Role != ChatRole.System)
                {
                    WriteMessage(writer, message);
                }
            }

            writer.WriteEndArray();
            WriteOptions(writer, options);
            if (stream)
            {
                writer.WriteBoolean("stream"u8, true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSystem(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            parts.Add(options.Instructions);
        }

        parts.AddRange(messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text).Where(t => t.Length > 0));
        if (parts.Count > 0)
        {
            writer.WriteString("system"u8, string.Join("\n\n", parts));
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role == ChatRole.Assistant ? "assistant" : "user");
        writer.WriteStartArray("content"u8);
        foreach (var content in message.Contents)
        {
            WriteContent(writer, content);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent { Text.Length: > 0 } text:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, text.Text);
                writer.WriteEndObject();
                break;
            case DataContent data when data.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || data.MediaType == "application/pdf":
                writer.WriteStartObject();
                writer.WriteString("type"u8, data.MediaType == "application/pdf" ? "document"u8 : "image"u8);
                writer.WriteStartObject("source"u8);
                writer.WriteString("type"u8, "base64"u8);
                writer.WriteString("media_type"u8, data.MediaType);
                writer.WriteString("data"u8, data.Base64Data.Span);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_use"u8);
                writer.WriteString("id"u8, call.CallId);
                writer.WriteString("name"u8, call.Name);
                writer.WritePropertyName("input"u8);
                JsonSerializer.Serialize(writer, call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
                writer.WriteEndObject();
                break;
            case FunctionResultContent result:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_result"u8);
                writer.WriteString("tool_use_id"u8, result.CallId);
                writer.WriteString("content"u8, result.Result switch
                {
                    null => string.Empty,
                    string s => s,
                    var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())),
                });
                if (result.Exception is not null)
                {
                    writer.WriteBoolean("is_error"u8, true);
                }

                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteOptions(Utf8JsonWriter writer, ChatOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (options.TopK is { } topK)
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (options.StopSequences is { Count: > 0 } stops)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        var functions = options.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (functions.Count == 0 || options.ToolMode is NoneChatToolMode)
        {
            return;
        }

        writer.WriteStartArray("tools"u8);
        foreach (var function in functions)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description"u8, function.Description);
            }

            writer.WritePropertyName("input_schema"u8);
            function.JsonSchema.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (options.ToolMode is RequiredChatToolMode required)
        {
            writer.WriteStartObject("tool_choice"u8);
            if (required.RequiredFunctionName is { } name)
            {
                writer.WriteString("type"u8, "tool"u8);
                writer.WriteString("name"u8, name);
            }
            else
            {
                writer.WriteString("type"u8, "any"u8);
            }

            writer.WriteEndObject();
        }
    }
}
