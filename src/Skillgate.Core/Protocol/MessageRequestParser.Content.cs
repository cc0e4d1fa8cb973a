using System.Globalization;
using System.Text.Json;

namespace Skillgate.Protocol;

public static partial class MessageRequestParser
{
    private static void ParseMessages(ref Utf8JsonReader reader, MessageRequestInfo info, ref TextStatsBuilder stats)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFieldException("messages: Input should be a valid list");
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RequestFieldException(Field(index, "", "Input should be a valid dictionary"));
            }

            var start = (int)reader.TokenStartIndex;
            var isUser = ParseMessage(ref reader, index, ref stats);
            stats.AddBlock();
            if (isUser)
            {
                info.LastUserMessageOffset = start;
                info.LastUserMessageLength = (int)reader.BytesConsumed - start;
            }
            else
            {
                info.LastUserMessageOffset = -1;
                info.LastUserMessageLength = 0;
            }

            index++;
        }

        if (index == 0)
        {
            throw new RequestFieldException("messages: List should have at least 1 item after validation, not 0");
        }

        info.MessageCount = index;
    }

    private static bool ParseMessage(ref Utf8JsonReader reader, int index, ref TextStatsBuilder stats)
    {
        bool hasRole = false, hasContent = false, isUser = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("user"u8))
                {
                    isUser = true;
                }
                else if (reader.TokenType != JsonTokenType.String
                    || !(reader.ValueTextEquals("assistant"u8) || reader.ValueTextEquals("system"u8)))
                {
                    throw new RequestFieldException(Field(index, ".role", "Input should be 'user', 'assistant' or 'system'"));
                }

                hasRole = true;
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                {
                    AddString(ref reader, ref stats);
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    WalkContent(ref reader, ref stats);
                }
                else
                {
                    throw new RequestFieldException(Field(index, ".content", "Input should be a valid string or a list of content blocks"));
                }

                hasContent = true;
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (!hasRole)
        {
            throw new RequestFieldException(Field(index, ".role", "Field required"));
        }

        return hasContent
            ? isUser
            : throw new RequestFieldException(Field(index, ".content", "Field required"));
    }

    // Walks an array of content blocks (any depth), counting text, tool inputs and media.
    private static void WalkContent(ref Utf8JsonReader reader, ref TextStatsBuilder stats)
    {
        var depth = reader.CurrentDepth;
        var property = ContentProperty.Other;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return;
                case JsonTokenType.PropertyName:
                    property = ClassifyProperty(ref reader);
                    break;
                case JsonTokenType.String:
                    if (property == ContentProperty.Data)
                    {
                        stats.AddMedia(reader.ValueSpan.Length);
                    }
                    else if (property == ContentProperty.Text)
                    {
                        AddString(ref reader, ref stats);
                    }

                    property = ContentProperty.Other;
                    break;
                case JsonTokenType.StartObject when property == ContentProperty.Input:
                    var start = reader.TokenStartIndex;
                    reader.Skip();
                    stats.AddCode(reader.BytesConsumed - start);
                    property = ContentProperty.Other;
                    break;
                default:
                    break;
            }
        }
    }

    private static ContentProperty ClassifyProperty(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("thinking"u8))
        {
            return ContentProperty.Text;
        }

        if (reader.ValueTextEquals("data"u8))
        {
            return ContentProperty.Data;
        }

        return reader.ValueTextEquals("input"u8) ? ContentProperty.Input : ContentProperty.Other;
    }

    private static void ParseTools(ref Utf8JsonReader reader, MessageRequestInfo info, ref TextStatsBuilder stats)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RequestFieldException("tools: Input should be a valid list");
        }

        var start = reader.TokenStartIndex;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RequestFieldException($"tools.{count.ToString(CultureInfo.InvariantCulture)}: Input should be a valid dictionary");
            }

            if (count == 0)
            {
                ParseFirstTool(ref reader, info);
            }
            else
            {
                reader.Skip();
            }

            stats.AddBlock();
            count++;
        }

        stats.AddCode(reader.BytesConsumed - start);
        info.ToolCount = count;
    }

    private static void ParseFirstTool(ref Utf8JsonReader reader, MessageRequestInfo info)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                Next(ref reader);
                info.FirstToolName = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()
                    : throw new RequestFieldException("tools.0.name: Input should be a valid string");
            }
            else if (reader.ValueTextEquals("input_schema"u8))
            {
                Next(ref reader);
                info.FirstToolProperties = ReadSchemaProperties(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
    }

    private static List<string> ReadSchemaProperties(ref Utf8JsonReader reader)
    {
        var names = new List<string>();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return names;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isProperties = reader.ValueTextEquals("properties"u8);
            Next(ref reader);
            if (!isProperties || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (names.Count < 8)
                {
                    names.Add(reader.GetString()!);
                }

                Next(ref reader);
                reader.Skip();
            }
        }

        return names;
    }

    private static string Field(int index, string suffix, string problem) =>
        string.Create(CultureInfo.InvariantCulture, $"messages.{index}{suffix}: {problem}");

    private enum ContentProperty
    {
        Other,
        Text,
        Data,
        Input,
    }
}
