using System.Runtime.InteropServices;
using System.Text.Json;

namespace Skillgate.Redaction;

/// <summary>
/// Copies a Messages request while passing the content strings that can hold user data through a transform.
/// Known fields with a wrong type (other than null) and strings that are not valid UTF-16 fail with an
/// <c>invalid_request_error</c> naming the field, so nothing unredacted can slip out under an unexpected shape.
/// Everything not walked is copied as raw bytes, never decoded.
/// </summary>
internal sealed partial class RequestWalker(Func<string, string> transform)
{
    public bool Changed { get; private set; }

    public void WriteRequest(Utf8JsonWriter w, JsonElement root)
    {
        w.WriteStartObject();
        foreach (var p in root.EnumerateObject())
        {
            var name = NameOf(p);
            w.WritePropertyName(name);
            switch (name)
            {
                case "system":
                    Push(name);
                    WriteContent(w, p.Value);
                    Pop();
                    break;
                case "messages":
                    Push(name);
                    WriteMessages(w, p.Value);
                    Pop();
                    break;
                default:
                    Copy(w, p.Value);
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
                    w.WritePropertyName(NameOf(p));
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
                Copy(w, e);
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

    private void WriteMessages(Utf8JsonWriter w, JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            CopyNullOrFail(w, messages, "a valid list");
            return;
        }

        w.WriteStartArray();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            Push(index++);
            WriteObject(w, message, static name => name == "content" ? Field.Content : Field.Copy);
            Pop();
        }

        w.WriteEndArray();
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
            CopyNullOrFail(w, e, "a valid string or a list of content blocks");
            return;
        }

        w.WriteStartArray();
        var index = 0;
        foreach (var block in e.EnumerateArray())
        {
            Push(index++);
            WriteBlock(w, block);
            Pop();
        }

        w.WriteEndArray();
    }

    private void WriteBlock(Utf8JsonWriter w, JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            CopyNullOrFail(w, block, "a valid dictionary");
            return;
        }

        Func<string, Field>? fields = TypeOf(block) switch
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
            Copy(w, block);
            return;
        }

        WriteObject(w, block, fields);
    }

    private void WriteObject(Utf8JsonWriter w, JsonElement obj, Func<string, Field> fields)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            CopyNullOrFail(w, obj, "a valid dictionary");
            return;
        }

        w.WriteStartObject();
        foreach (var p in obj.EnumerateObject())
        {
            var name = NameOf(p);
            w.WritePropertyName(name);
            var field = fields(name);
            if (field == Field.Copy)
            {
                Copy(w, p.Value);
                continue;
            }

            Push(name);
            switch (field)
            {
                case Field.Text when p.Value.ValueKind == JsonValueKind.String:
                    WriteString(w, p.Value);
                    break;
                case Field.Text:
                    CopyNullOrFail(w, p.Value, "a valid string");
                    break;
                case Field.Content:
                    WriteContent(w, p.Value);
                    break;
                case Field.AllStrings:
                    WriteAllStrings(w, p.Value);
                    break;
                default:
                    WriteSource(w, p.Value);
                    break;
            }

            Pop();
        }

        w.WriteEndObject();
    }

    /// <summary>A document source: text data is redacted, "content" sources recurse, base64 and URLs are copied.</summary>
    private void WriteSource(Utf8JsonWriter w, JsonElement source)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            CopyNullOrFail(w, source, "a valid dictionary");
            return;
        }

        switch (TypeOf(source))
        {
            case "text":
                WriteObject(w, source, static n => n == "data" ? Field.Text : Field.Copy);
                break;
            case "content":
                WriteObject(w, source, static n => n == "content" ? Field.Content : Field.Copy);
                break;
            default:
                Copy(w, source);
                break;
        }
    }

    private void WriteString(Utf8JsonWriter w, JsonElement e)
    {
        var original = StringOf(e);
        var transformed = transform(original);
        if (!ReferenceEquals(transformed, original) && !string.Equals(transformed, original, StringComparison.Ordinal))
        {
            Changed = true;
        }

        w.WriteStringValue(transformed);
    }

    /// <summary>The object's <c>type</c>: required and a string, since the type decides what is redacted.</summary>
    private string TypeOf(JsonElement obj)
    {
        if (!obj.TryGetProperty("type", out var type))
        {
            Push("type");
            throw Invalid("Field required", RedactionFailureReasons.WrongType);
        }

        if (type.ValueKind != JsonValueKind.String)
        {
            Push("type");
            throw WrongType("a valid string", type);
        }

        return StringOf(type);
    }

    private void CopyNullOrFail(Utf8JsonWriter w, JsonElement e, string expected)
    {
        // A null holds no data: forwarded for the API to judge. Any other wrong type could hide data under a shape we
        // do not walk, so it is refused.
        if (e.ValueKind != JsonValueKind.Null)
        {
            throw WrongType(expected, e);
        }

        Copy(w, e);
    }

    /// <summary>The element's bytes as they came: nothing is decoded, so what is not walked cannot fail.</summary>
    private static void Copy(Utf8JsonWriter w, JsonElement e) =>
        w.WriteRawValue(JsonMarshal.GetRawUtf8Value(e), skipInputValidation: true);
}
