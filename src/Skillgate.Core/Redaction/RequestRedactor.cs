using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Skillgate.Redaction;

/// <summary>
/// Redacts a Messages API request body: the system prompt (string or blocks), every message's text blocks, tool_use
/// inputs (every string, keys kept), tool_result contents, document text sources and search results. Everything else
/// (images, thinking blocks with their signatures, tools, unknown fields and block types) is copied unchanged.
/// Fails closed: any failure throws <see cref="RedactionFailedException"/>, never returns raw content. Thread-safe.
/// </summary>
public sealed partial class RequestRedactor
{
    /// <summary>The deepest nesting a request may have; the gateway's request parser allows the same.</summary>
    public const int MaxDepth = 512;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false, MaxDepth = MaxDepth + 1 };
    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    private readonly Pseudonymizer _pseudonymizer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates a redactor that replaces values through <paramref name="pseudonymizer"/> (whose meter also takes this
    /// redactor's metrics). <paramref name="logger"/> gets one Debug line per request (entity counts per type) and a
    /// Warning per refusal (the reason), never content; <paramref name="timeProvider"/> times each request.
    /// </summary>
    public RequestRedactor(Pseudonymizer pseudonymizer, ILogger<RequestRedactor>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        _pseudonymizer = pseudonymizer;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Returns the redacted request body (a copy of <paramref name="body"/> when nothing was found or the mode is
    /// <see cref="RedactionMode.Off"/>). A malformed request (invalid JSON, nesting deeper than <see cref="MaxDepth"/>,
    /// a string that is not valid UTF-16, a content field of the wrong type) fails with
    /// <see cref="RedactionFailedException.ErrorType"/> <c>invalid_request_error</c>; any other failure with <c>api_error</c>.
    /// </summary>
    public byte[] RedactRequest(ReadOnlySpan<byte> body, PseudonymVault vault, RedactionMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(vault);
        var effective = mode ?? _pseudonymizer.DefaultMode;
        if (effective == RedactionMode.Off)
        {
            return body.ToArray();
        }

        var started = _time.GetTimestamp();
        var tally = new EntityTally();
        var metrics = _pseudonymizer.Metrics;
        try
        {
            var (redacted, changed) = Redact(body, vault, effective, tally);
            var elapsed = _time.GetElapsedTime(started);
            metrics?.Entities(tally, effective);
            metrics?.Duration(elapsed, effective, changed ? "redacted" : "unchanged");
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                LogRedacted(_logger, RedactionMetrics.ModeName(effective), tally.Total, tally.ToString(), elapsed.TotalMilliseconds);
            }

            return redacted;
        }
        catch (RedactionFailedException ex)
        {
            metrics?.Refused(ex.Reason, effective);
            metrics?.Duration(_time.GetElapsedTime(started), effective, "refused");
            LogRefused(_logger, RedactionMetrics.ModeName(effective), ex.Reason, ex.ErrorType);
            throw;
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
            throw new RedactionFailedException("The response body is not valid JSON.", "api_error", RedactionFailureReasons.InvalidJson);
        }
        catch (RedactionFailedException ex) when (ex.ErrorType != "api_error")
        {
            // The upstream's fault, not the caller's.
            throw new RedactionFailedException("The response body has a string that is not valid UTF-16.", "api_error", ex.Reason);
        }
    }

    private (byte[] Body, bool Changed) Redact(ReadOnlySpan<byte> body, PseudonymVault vault, RedactionMode mode, EntityTally tally)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray(), ReaderOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RedactionFailedException("The request body must be a JSON object.", "invalid_request_error", RedactionFailureReasons.InvalidJson);
            }

            var walker = new RequestWalker(text => _pseudonymizer.Redact(text, vault, mode, tally));
            var output = new ArrayBufferWriter<byte>(body.Length + 256);
            using (var writer = new Utf8JsonWriter(output, WriterOptions))
            {
                walker.WriteRequest(writer, doc.RootElement);
            }

            return walker.Changed ? (output.WrittenSpan.ToArray(), true) : (body.ToArray(), false);
        }
        catch (RedactionFailedException)
        {
            throw;
        }
        catch (JsonException ex)
        {
            throw NotJson(body, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RedactionFailedException("Redaction of the request failed; the request was not sent.", ex);
        }
    }

    /// <summary>Says where the JSON breaks, or that it only nests too deep; the exception's own message may quote content.</summary>
    private static RedactionFailedException NotJson(ReadOnlySpan<byte> body, JsonException ex)
    {
        if (IsJsonAtAnyDepth(body))
        {
            return new RedactionFailedException(
                $"The request body nests deeper than {MaxDepth} levels.", "invalid_request_error", RedactionFailureReasons.TooDeep);
        }

        var where = ex.LineNumber is { } line && ex.BytePositionInLine is { } position ? $" (line {line + 1}, byte {position + 1})" : "";
        return new RedactionFailedException($"The request body is not valid JSON{where}.", "invalid_request_error", RedactionFailureReasons.InvalidJson);
    }

    private static bool IsJsonAtAnyDepth(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = body.Length + 1 });
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Request redacted ({Mode}): {EntityCount} entities [{EntityCounts}] in {ElapsedMs} ms")]
    private static partial void LogRedacted(ILogger logger, string mode, int entityCount, string entityCounts, double elapsedMs);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Request refused ({Mode}): redaction failed ({Reason}, {ErrorType}); nothing was sent")]
    private static partial void LogRefused(ILogger logger, string mode, string reason, string errorType);
}
