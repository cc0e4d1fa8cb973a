using System.Text.Json;

namespace Skillgate.Redaction;

/// <summary>Copies a Messages request while passing the content strings that can hold user data through a transform.</summary>
internal sealed class RequestWalker(Func<string, string> transform)
{
    public bool Changed { get; private set; }

    public void WriteRequest(Utf8JsonWriter w, JsonElement root)
    {
        w.WriteStartObject();
        foreach (var p in root.EnumerateObject())
        {
            w.WritePropertyName(p.Name);
            switch (p.Name)
            {
                case "system":
                    WriteContent(w, p.Value);
                    break;
                case "messages" when p.Value.ValueKind == JsonValueKind.Array:
                    w.WriteStartArray();
                    foreach (var message in p.Value.EnumerateArray())
                    {
                        WriteObject(w, message, static name => name == "content" ? Field.Content : Field.Copy);
                    }

                    w.WriteEndArray();
                    break;
                default:
                    p.Value.WriteTo(w);
                    break;
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Every string value in the tree (property names kept).</summary>
    public void WriteAllStrings(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(w, e);
                break;
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    WriteAllStrings(w, p.Value);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    WriteAllStrings(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }

    private enum Field
    {
        Copy,
        Text,
        Content,
        AllStrings,
        Source,
    }

    /// <summary>A content value: a string or an array of content blocks.</summary>
    private void WriteContent(Utf8JsonWriter w, JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            WriteString(w, e);
            return;
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            e.WriteTo(w);
            return;
        }

        w.WriteStartArray();
        foreach (var block in e.EnumerateArray())
        {
            WriteBlock(w, block);
        }

        w.WriteEndArray();
    }

    private void WriteBlock(Utf8JsonWriter w, JsonElement block)
    {
        var type = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;
        Func<string, Field>? fields = type switch
        {
            "text" => static n => n == "text" ? Field.Text : Field.Copy,
            "tool_use" => static n => n == "input" ? Field.AllStrings : Field.Copy,
            "tool_result" => static n => n == "content" ? Field.Content : Field.Copy,
            "document" => static n => n switch { "source" => Field.Source, "title" or "context" => Field.Text, _ => Field.Copy },
            "search_result" => static n => n switch { "content" => Field.Content, "title" => Field.Text, _ => Field.Copy },
            _ => null,
        };
        if (fields is null)
        {
            block.WriteTo(w);
            return;
        }

        WriteObject(w, block, fields);
    }

    private void WriteObject(Utf8JsonWriter w, JsonElement obj, Func<string, Field> fields)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            obj.WriteTo(w);
            return;
        }

        w.WriteStartObject();
        foreach (var p in obj.EnumerateObject())
        {
            w.WritePropertyName(p.Name);
            switch (fields(p.Name))
            {
                case Field.Text when p.Value.ValueKind == JsonValueKind.String:
                    WriteString(w, p.Value);
                    break;
                case Field.Content:
                    WriteContent(w, p.Value);
                    break;
                case Field.AllStrings:
                    WriteAllStrings(w, p.Value);
                    break;
                case Field.Source:
                    WriteSource(w, p.Value);
                    break;
                default:
                    p.Value.WriteTo(w);
                    break;
            }
        }

        w.WriteEndObject();
    }

    /// <summary>A document source: text data is redacted, "content" sources recurse, base64 and URLs are copied.</summary>
    private void WriteSource(Utf8JsonWriter w, JsonElement source)
    {
        var type = source.ValueKind == JsonValueKind.Object && source.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "text":
                WriteObject(w, source, static n => n == "data" ? Field.Text : Field.Copy);
                break;
            case "content":
                WriteObject(w, source, static n => n == "content" ? Field.Content : Field.Copy);
                break;
            default:
                source.WriteTo(w);
                break;
        }
    }

    private void WriteString(Utf8JsonWriter w, JsonElement e)
    {
        var original = e.GetString()!;
        var transformed = transform(original);
        if (!ReferenceEquals(transformed, original) && !string.Equals(transformed, original, StringComparison.Ordinal))
        {
            Changed = true;
        }

        w.WriteStringValue(transformed);
    }
}
