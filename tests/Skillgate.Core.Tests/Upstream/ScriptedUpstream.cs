using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that plays the Anthropic API with a script: each request takes the next
/// step of <see cref="Script"/> (or answers normally when the script is empty). For faults that need exact control
/// of one attempt (fail once, then succeed); the simulator covers the rest.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    public const string Answer =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" world\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    public const string Json =
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"Hello world\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}";

    private readonly WebApplication _app;
    private int _requests;

    private ScriptedUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<Func<HttpContext, Task>> Script { get; } = new();

    public ConcurrentQueue<string> KeysSeen { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<ScriptedUpstream> StartAsync(HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = protocols));
        var app = builder.Build();
        ScriptedUpstream? self = null;
        app.MapPost("/v1/messages", context => self!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ScriptedUpstream(app, new Uri(address));
        return self;
    }

    public ScriptedUpstream Then(Func<HttpContext, Task> step)
    {
        Script.Enqueue(step);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static Func<HttpContext, Task> Error(int status, string type, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"type\":\"error\",\"error\":{{\"type\":\"{type}\",\"message\":\"scripted {status}\"}}}}");
    };

    /// <summary>Aborts the connection before any response header.</summary>
    public static Func<HttpContext, Task> Reset => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    /// <summary>Never answers (until the client goes away).</summary>
    public static Func<HttpContext, Task> Stall => context => Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <summary>
    /// Streams the first <paramref name="events"/> events, then does <paramref name="then"/> ("cut", "stall", "error",
    /// or "oversized": one event that never ends, up to three times the readers' limit).
    /// </summary>
    public static Func<HttpContext, Task> StreamThen(int events, string then) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        var parts = Answer.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < events; i++)
        {
            await context.Response.WriteAsync(parts[i] + "\n\n");
            await context.Response.Body.FlushAsync();
        }

        switch (then)
        {
            case "cut":
                // Let the flushed events reach the client before the reset, as a real cut would.
                await Task.Delay(100);
                context.Abort();
                break;
            case "stall":
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case "error":
                await context.Response.WriteAsync("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
                break;
            case "oversized":
                await WriteEndlessEventAsync(context);
                break;
        }
    };

    private static async Task WriteEndlessEventAsync(HttpContext context)
    {
        await context.Response.WriteAsync("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        try
        {
            for (var sent = 0L; sent < 3L * SseLimits.MaxEventBytes; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up on the event, as it should.
        }
    }

    /// <summary>A non-streaming answer of exactly <paramref name="bytes"/> bytes, with or without a <c>content-length</c>.</summary>
    public static Func<HttpContext, Task> LargeJson(int bytes, bool declareLength) => async context =>
    {
        var head = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"";
        var tail = "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}";
        var body = Encoding.UTF8.GetBytes(head + new string('x', bytes - head.Length - tail.Length) + tail);
        context.Response.ContentType = "application/json";
        if (declareLength)
        {
            context.Response.ContentLength = body.Length;
        }

        for (var at = 0; at < body.Length; at += 16 * 1024)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(at, Math.Min(16 * 1024, body.Length - at)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    };

    /// <summary>Streams the whole answer with a pause between events.</summary>
    public static Func<HttpContext, Task> SlowStream(TimeSpan pause) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var part in Answer.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            await context.Response.WriteAsync(part + "\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(pause, context.RequestAborted);
        }
    };

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        KeysSeen.Enqueue(context.Request.Headers["x-api-key"].ToString());
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (Script.TryDequeue(out var step))
        {
            await step(context);
            return;
        }

        if (body.Contains("\"stream\":true", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(Answer);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Json);
        }
    }
}
