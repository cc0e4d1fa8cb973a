using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>
/// A stand-in for the Anthropic API on loopback, scripted by model name, that records what reached it.
/// Models: "stream-cut" cuts its stream; "fail-429" answers 429; "echo" answers the last user message's text
/// (streamed three characters per delta); anything else answers normally.
/// </summary>
public sealed class FakeAnthropic : IAsyncDisposable
{
    public const string Key = "sk-upstream-secret-0123456789";
    private readonly WebApplication _app;

    private FakeAnthropic(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public int DeltaCount { get; set; } = 5;

    public TimeSpan DeltaDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Extra characters in each delta's text, to make streams large.</summary>
    public int DeltaPadding { get; set; }

    /// <summary>How many deltas the gateway has been sent so far, over all streams.</summary>
    public int DeltasWritten => _deltasWritten;

    private int _deltasWritten;

    public static async Task<FakeAnthropic> StartAsync(bool http2 = false)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
        builder.Services.AddRouting();
        var app = builder.Build();
        FakeAnthropic? self = null;
        app.Use(async (context, next) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            self!.Requests.Enqueue(new Received(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()));
            context.Items["body"] = body.ToArray();
            if (!headers.TryGetValue("x-api-key", out var key) || key != Key)
            {
                await Error(context, 401, "authentication_error", "invalid x-api-key");
                return;
            }

            context.Response.Headers["request-id"] = "req_upstream_" + self.Requests.Count;
            context.Response.Headers["anthropic-ratelimit-requests-remaining"] = "99";
            await next(context);
        });
        app.MapPost("/v1/messages", context => self!.MessagesAsync(context));
        app.MapPost("/v1/messages/count_tokens", context => Json(context, """{"input_tokens":42}"""));
        app.MapPost("/v1/messages/batches", context => Json(context, """{"id":"msgbatch_1","type":"message_batch","processing_status":"in_progress"}"""));
        app.MapGet("/v1/messages/batches", context => Json(context, """{"data":[],"has_more":false}"""));
        app.MapGet("/v1/messages/batches/{id}", context => Json(context, $$$"""{"id":"{{{context.Request.RouteValues["id"]}}}","type":"message_batch"}"""));
        app.MapPost("/v1/messages/batches/{id}/cancel", context => Json(context, $$$"""{"id":"{{{context.Request.RouteValues["id"]}}}","processing_status":"canceling"}"""));
        app.MapGet("/v1/messages/batches/{id}/results", context => Json(context, "{\"custom_id\":\"a\"}\n"));
        app.MapGet("/v1/models", context => Json(context, """{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5"}],"has_more":false}"""));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeAnthropic(app, new Uri(address));
        return self;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task MessagesAsync(HttpContext context)
    {
        var body = (byte[])context.Items["body"]!;
        using var doc = JsonDocument.Parse(body);
        var model = doc.RootElement.GetProperty("model").GetString();
        var stream = doc.RootElement.TryGetProperty("stream", out var s) && s.GetBoolean();
        if (model == "fail-429")
        {
            context.Response.Headers["retry-after"] = "7";
            await Error(context, 429, "rate_limit_error", "Number of requests has exceeded your rate limit");
            return;
        }

        if (model == "echo")
        {
            await EchoAsync(context, doc.RootElement, stream);
            return;
        }

        if (!stream)
        {
            await Json(context, $$$"""{"id":"msg_1","type":"message","role":"assistant","model":"{{{model}}}","content":[{"type":"text","text":"Hello"},{"type":"future_block","x":1}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":5}}""");
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await Sse(context, "message_start", $$$$"""{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"{{{{model}}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}""");
        await Sse(context, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        await Sse(context, "future_event", """{"type":"future_event","payload":"kept"}""");
        for (var i = 0; i < DeltaCount; i++)
        {
            if (model == "stream-cut" && i == 2)
            {
                // Let the first events reach the gateway before the connection drops.
                await Task.Delay(200);
                context.Abort();
                return;
            }

            if (DeltaDelay > TimeSpan.Zero)
            {
                await Task.Delay(DeltaDelay, context.RequestAborted);
            }

            await Sse(context, "content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"t{{{i}}} {{{new string('x', DeltaPadding)}}}"}}""");
            Interlocked.Increment(ref _deltasWritten);
        }

        await Sse(context, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        await Sse(context, "message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":{{{DeltaCount}}}}}""");
        await Sse(context, "message_stop", """{"type":"message_stop"}""");
    }

    private static async Task EchoAsync(HttpContext context, JsonElement request, bool stream)
    {
        var text = request.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString() ?? "";
        if (!stream)
        {
            var message = new { id = "msg_echo", type = "message", role = "assistant", model = "echo", content = new[] { new { type = "text", text } }, stop_reason = "end_turn", stop_sequence = (string?)null, usage = new { input_tokens = 10, output_tokens = 10 } };
            await Json(context, JsonSerializer.Serialize(message));
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await Sse(context, "message_start", """{"type":"message_start","message":{"id":"msg_echo","type":"message","role":"assistant","model":"echo","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}""");
        await Sse(context, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        for (var i = 0; i < text.Length; i += 3)
        {
            var piece = JsonSerializer.Serialize(new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = text.Substring(i, Math.Min(3, text.Length - i)) } });
            await Sse(context, "content_block_delta", piece);
        }

        await Sse(context, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        await Sse(context, "message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":10}}""");
        await Sse(context, "message_stop", """{"type":"message_stop"}""");
    }

    private static Task Sse(HttpContext context, string name, string data) =>
        context.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", context.RequestAborted);

    private static Task Json(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    private static Task Error(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, $$$"""{"type":"error","error":{"type":"{{{type}}}","message":"{{{message}}}"},"request_id":"{{{context.Response.Headers["request-id"]}}}"}""");
    }

    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string BodyText => Encoding.UTF8.GetString(Body);
    }
}
