using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Skillgate.Core.Tests.AI;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers <c>POST /v1/messages</c> like the API, with a reply that echoes
/// the text of the last user message (and, when the request has a tool call, its arguments in a <c>tool_use</c>
/// block), and records every body it received. Streams split the echo into 3-character deltas, so a placeholder
/// in it arrives in pieces. The simulator has no echo, and redaction must be proven on what went over the wire.
/// </summary>
internal sealed class EchoUpstream : IAsyncDisposable
{
    public const int DeltaLength = 3;
    private readonly WebApplication _app;

    private EchoUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public static async Task<EchoUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        EchoUpstream? self = null;
        app.MapPost("/v1/messages", context => self!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new EchoUpstream(app, new Uri(address));
        return self;
    }

    public static string Echo(string text) => "You said: " + text;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Bodies.Enqueue(body);
        var request = JsonNode.Parse(body)!.AsObject();
        var text = Echo(LastUserText(request));
        context.Response.Headers["request-id"] = "req_echo";
        if (request["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            await WriteEventAsync(context, "message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = Message(content: new JsonArray(), stopReason: null, outputTokens: 1),
            });
            await WriteEventAsync(context, "content_block_start", Parse("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
            for (var i = 0; i < text.Length; i += DeltaLength)
            {
                var piece = text.Substring(i, Math.Min(DeltaLength, text.Length - i));
                await WriteEventAsync(context, "content_block_delta", new JsonObject
                {
                    ["type"] = "content_block_delta",
                    ["index"] = 0,
                    ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
                });
            }

            await WriteEventAsync(context, "content_block_stop", Parse("""{"type":"content_block_stop","index":0}"""));
            await WriteEventAsync(context, "message_delta", Parse("""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}"""));
            await WriteEventAsync(context, "message_stop", Parse("""{"type":"message_stop"}"""));
            return;
        }

        var content = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = text } };
        if (LastToolInput(request) is { } input)
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_echo", ["name"] = "echo", ["input"] = input });
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Message(content, "end_turn", 5).ToJsonString());
    }

    private static JsonObject Message(JsonArray content, string? stopReason, int outputTokens) => new()
    {
        ["id"] = "msg_echo",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = "claude-echo",
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = outputTokens },
    };

    private static string LastUserText(JsonObject request)
    {
        var last = request["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!;
        var content = last["content"]!;
        if (content is JsonValue value)
        {
            return value.GetValue<string>();
        }

        return string.Concat(content.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == "text")
            .Select(b => b!["text"]!.GetValue<string>()));
    }

    private static JsonNode? LastToolInput(JsonObject request) =>
        request["messages"]!.AsArray()
            .SelectMany(m => m!["content"] as JsonArray ?? [])
            .LastOrDefault(b => b!["type"]!.GetValue<string>() == "tool_use")?["input"]?.DeepClone();

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task WriteEventAsync(HttpContext context, string name, JsonObject data)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
    }
}
