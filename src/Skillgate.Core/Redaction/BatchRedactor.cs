using System.Buffers;
using System.Text.Json;

namespace Skillgate.Redaction;

/// <summary>
/// Message Batches through redaction: each request's <c>params</c> is redacted like a Messages call (its vault named
/// after how its conversation starts, so placeholders match the same conversation's Messages calls and prompt caching
/// keeps working), and — when pseudonymizing — each request's vault is kept in the vault store under the batch id and
/// its <c>custom_id</c>, so the batch's results (JSONL) are restored line by line, also after a restart.
/// </summary>
public sealed class BatchRedactor
{
    private readonly Pseudonymizer _pseudonymizer;
    private readonly RequestRedactor _redactor;

    /// <summary>Creates a batch redactor over the request redactor (and its pseudonymizer and vault store).</summary>
    public BatchRedactor(Pseudonymizer pseudonymizer, RequestRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        ArgumentNullException.ThrowIfNull(redactor);
        _pseudonymizer = pseudonymizer;
        _redactor = redactor;
    }

    /// <summary>
    /// Redacts every request of a <c>POST /v1/messages/batches</c> body. <paramref name="scope"/> (a tenant) prefixes
    /// every vault id. Throws <see cref="RedactionFailedException"/> (nothing may be sent) when any request fails.
    /// </summary>
    public RedactedBatch RedactBatch(ReadOnlySpan<byte> body, string scope, RedactionMode mode)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (mode == RedactionMode.Off)
        {
            return new RedactedBatch(body.ToArray(), []);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = RequestRedactor.MaxDepth });
        }
        catch (JsonException)
        {
            throw new RedactionFailedException("The request body is not valid JSON.", "invalid_request_error", RedactionFailureReasons.InvalidJson);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
            {
                throw new RedactionFailedException("requests: Input should be a valid list.", "invalid_request_error", RedactionFailureReasons.WrongType);
            }

            var vaults = new List<KeyValuePair<string, PseudonymVault>>();
            var output = new ArrayBufferWriter<byte>(body.Length + 1024);
            using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                writer.WriteStartObject();
                foreach (var property in root.EnumerateObject())
                {
                    if (!property.NameEquals("requests"))
                    {
                        property.WriteTo(writer);
                        continue;
                    }

                    writer.WritePropertyName("requests");
                    writer.WriteStartArray();
                    var index = 0;
                    foreach (var request in requests.EnumerateArray())
                    {
                        WriteRequest(writer, request, index++, scope, mode, vaults);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            return new RedactedBatch(output.WrittenSpan.ToArray(), vaults);
        }
    }

    /// <summary>
    /// Keeps the vaults of a created batch in the store under <c>{scope}:batch:{batchId}:{custom_id}</c>, sealed.
    /// </summary>
    public async ValueTask SaveAsync(RedactedBatch batch, string scope, string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var (customId, vault) in batch.Vaults)
        {
            await _pseudonymizer.SaveVaultAsync(vault.Rebind(VaultId(scope, batchId, customId)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Copies a batch's results (JSONL, one result per line) from <paramref name="results"/> to
    /// <paramref name="destination"/>, restoring each line from the vault of its <c>custom_id</c>; a line without a kept
    /// vault (another gateway's batch, a batch sent unredacted) is copied as it is.
    /// </summary>
    public async Task RestoreResultsAsync(Stream results, Stream destination, string scope, string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await results.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk.AsSpan(0, read));
            var pending = buffer.WrittenMemory;
            var consumed = 0;
            int newline;
            while ((newline = pending.Span[consumed..].IndexOf((byte)'\n')) >= 0)
            {
                await WriteLineAsync(pending.Slice(consumed, newline + 1), destination, scope, batchId, cancellationToken).ConfigureAwait(false);
                consumed += newline + 1;
            }

            var rest = pending[consumed..].ToArray();
            buffer.Clear();
            buffer.Write(rest);
        }

        if (buffer.WrittenCount > 0)
        {
            await WriteLineAsync(buffer.WrittenMemory, destination, scope, batchId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string VaultId(string scope, string batchId, string customId) => $"{scope}:batch:{batchId}:{customId}";

    private async Task WriteLineAsync(ReadOnlyMemory<byte> line, Stream destination, string scope, string batchId, CancellationToken cancellationToken)
    {
        if (line.Span.IndexOf("\u27E6"u8) < 0 && line.Span.IndexOf("\\u27e6"u8) < 0 && line.Span.IndexOf("\\u27E6"u8) < 0
            || CustomIdOf(line.Span) is not { } customId
            || await LoadAsync(VaultId(scope, batchId, customId), cancellationToken).ConfigureAwait(false) is not { } vault)
        {
            await destination.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            return;
        }

        var span = line.Span;
        var end = span.Length;
        while (end > 0 && span[end - 1] is (byte)'\n' or (byte)'\r')
        {
            end--;
        }

        var restored = _redactor.RestoreResponse(span[..end], vault);
        await destination.WriteAsync(restored, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(line[end..], cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<PseudonymVault?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var vault = await _pseudonymizer.GetVaultAsync(id, cancellationToken).ConfigureAwait(false);
            return vault.Count == 0 ? null : vault;
        }
        catch (RedactionFailedException)
        {
            // A vault sealed under another key (no Redaction:Key, restarted) cannot be opened: the line keeps its placeholders.
            return null;
        }
    }

    private static string? CustomIdOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCustomId = reader.ValueTextEquals("custom_id"u8);
                reader.Read();
                if (isCustomId)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private void WriteRequest(Utf8JsonWriter writer, JsonElement request, int index, string scope, RedactionMode mode, List<KeyValuePair<string, PseudonymVault>> vaults)
    {
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("params", out var parameters))
        {
            // The API judges a request without params; there is nothing to redact in it.
            request.WriteTo(writer);
            return;
        }

        var customId = request.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var raw = JsonMarshalRaw(parameters);
        var conversation = _pseudonymizer.ConversationIdOf(raw) is { } auto ? scope + ":" + auto : scope + ":batch-request:" + Guid.NewGuid().ToString("N");
        var vault = _pseudonymizer.CreateVault(conversation);
        byte[] redacted;
        try
        {
            redacted = _redactor.RedactRequest(raw, vault, mode);
        }
        catch (RedactionFailedException ex)
        {
            throw new RedactionFailedException($"requests.{index}.params: {ex.Message}", ex.ErrorType, ex.Reason);
        }

        if (mode == RedactionMode.Pseudonymize && vault.Count > 0)
        {
            vaults.Add(new(customId, vault));
        }

        writer.WriteStartObject();
        foreach (var property in request.EnumerateObject())
        {
            if (property.NameEquals("params"))
            {
                writer.WritePropertyName("params");
                writer.WriteRawValue(redacted, skipInputValidation: true);
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static ReadOnlySpan<byte> JsonMarshalRaw(JsonElement element) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
}
