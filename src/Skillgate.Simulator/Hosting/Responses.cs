using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Hosting;

/// <summary>Writes JSON and error responses with a request id.</summary>
internal static class Responses
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string BeginRequest(HttpContext context, SimulatorState state)
    {
        var id = state.Ids.Next("req_");
        context.Response.Headers[RateLimitHeaders.RequestId] = id;
        return id;
    }

    /// <summary>A cached JSON writer reset onto <paramref name="output"/>; use synchronously only.</summary>
    public static Utf8JsonWriter Writer(PooledBuffer output)
    {
        var writer = t_writer ??= new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(output);
        return writer;
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, PooledBuffer body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, string requestId, string type, string message) =>
        WriteErrorAsync(context, requestId, new AnthropicError(type, message));

    public static Task WriteErrorAsync(HttpContext context, string requestId, AnthropicError error) =>
        WriteErrorAsync(context, requestId, error, error.StatusCode);

    /// <summary>Writes <paramref name="error"/> with a status other than its type's usual one (405, 503).</summary>
    public static async Task WriteErrorAsync(HttpContext context, string requestId, AnthropicError error, int status)
    {
        using var body = new PooledBuffer(256);
        error.WriteResponseBody(body, requestId);
        await WriteJsonAsync(context, status, body);
    }

    /// <summary>Writes <paramref name="error"/> with <c>error.details.error_code</c>, the machine-readable cause the real
    /// API adds to some errors (<c>file_not_downloadable</c>, <c>storage_quota_exceeded</c>); SDKs map it to a typed
    /// exception.</summary>
    public static async Task WriteCodedErrorAsync(HttpContext context, string requestId, AnthropicError error, string errorCode)
    {
        using var body = new PooledBuffer(256);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "error"u8);
            w.WriteStartObject("error"u8);
            w.WriteString("type"u8, error.Type);
            w.WriteString("message"u8, error.Message);
            w.WriteStartObject("details"u8);
            w.WriteString("error_code"u8, errorCode);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("request_id"u8, requestId);
            w.WriteEndObject();
        }

        await WriteJsonAsync(context, error.StatusCode, body);
    }
}
