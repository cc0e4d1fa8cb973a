using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Skillgate.Redaction;

/// <summary>
/// Redacts a Messages API request body: the system prompt (string or blocks), every message's text blocks, tool_use
/// inputs (every string, keys kept), tool_result contents, document text sources and search results. Everything else
/// (images, thinking blocks with their signatures, tools, unknown fields and block types) is copied unchanged.
/// Fails closed: any failure throws <see cref="RedactionFailedException"/>, never returns raw content. Thread-safe.
/// </summary>
public sealed class RequestRedactor
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 128 };

    private readonly Pseudonymizer _pseudonymizer;

    /// <summary>Creates a redactor that replaces values through <paramref name="pseudonymizer"/>.</summary>
    public RequestRedactor(Pseudonymizer pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        _pseudonymizer = pseudonymizer;
    }

    /// <summary>
    /// Returns the redacted request body (a copy of <paramref name="body"/> when nothing was found or the mode is
    /// <see cref="RedactionMode.Off"/>). Malformed JSON fails with <see cref="RedactionFailedException.ErrorType"/>
    /// <c>invalid_request_error</c>; any other failure with <c>api_error</c>.
    /// </summary>
    public byte[] RedactRequest(ReadOnlySpan<byte> body, PseudonymVault vault, RedactionMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(vault);
        var effective = mode ?? _pseudonymizer.DefaultMode;
        if (effective == RedactionMode.Off)
        {
            return body.ToArray();
        }

        try
        {
            using var doc = JsonDocument.Parse(body.ToArray(), ReaderOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RedactionFailedException("The request body must be a JSON object.", "invalid_request_error");
            }

            var walker = new RequestWalker(text => _pseudonymizer.Redact(text, vault, effective));
            var output = new ArrayBufferWriter<byte>(body.Length + 256);
            using (var writer = new Utf8JsonWriter(output, WriterOptions))
            {
                walker.WriteRequest(writer, doc.RootElement);
            }

            return walker.Changed ? output.WrittenSpan.ToArray() : body.ToArray();
        }
        catch (RedactionFailedException)
        {
            throw;
        }
        catch (JsonException)
        {
            throw new RedactionFailedException("The request body is not valid JSON.", "invalid_request_error");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RedactionFailedException("Redaction of the request failed; the request was not sent.", ex);
        }
    }

    /// <summary>
    /// Restores placeholders in a complete (non-streamed) JSON response: every string value is restored, which covers
    /// text blocks and tool_use inputs. Returns a copy of <paramref name="body"/> when nothing was restored.
    /// </summary>
    public byte[] RestoreResponse(ReadOnlySpan<byte> body, PseudonymVault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        if (body.IndexOf("\u27E6"u8) < 0 && body.IndexOf("\\u27e6"u8) < 0 && body.IndexOf("\\u27E6"u8) < 0)
        {
            return body.ToArray();
        }

        try
        {
            using var doc = JsonDocument.Parse(body.ToArray(), ReaderOptions);
            var walker = new RequestWalker(text => _pseudonymizer.Restore(text, vault));
            var output = new ArrayBufferWriter<byte>(body.Length + 256);
            using (var writer = new Utf8JsonWriter(output, WriterOptions))
            {
                walker.WriteAllStrings(writer, doc.RootElement);
            }

            return walker.Changed ? output.WrittenSpan.ToArray() : body.ToArray();
        }
        catch (JsonException)
        {
            throw new RedactionFailedException("The response body is not valid JSON.", "api_error");
        }
    }
}
