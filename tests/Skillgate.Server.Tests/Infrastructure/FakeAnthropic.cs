using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>
/// A scripted stand-in for <c>POST /v1/messages</c>, for the few tests that need what the simulator must not do:
/// answer with content blocks and stream event types the API does not have yet (<c>future_block</c>,
/// <c>future_event</c>), to prove the gateway passes them through, and count the deltas it has written while a
/// slow reader holds the stream (with padded deltas), to prove the gateway's upstream read pauses. The simulator
/// stays faithful to the real API and keeps no per-delta counter on its hot path; everything else runs against it
/// (<see cref="GatewayFixture"/>).
/// </summary>
public sealed class FakeAnthropic : IAsyncDisposable
{
    public const string Key = "sk-upstream-secret-0123456789";
    private readonly WebApplication _app;
    private int _deltasWritten;

    private FakeAnthropic(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int DeltaCount { get; set; } = 5;

    /// <summary>Extra characters in each delta's text, to make streams large.</summary>
    public int DeltaPadding { get; set; }

    /// <summary>When above zero, every request is answered with status 529 and a JSON error body of about this many bytes.</summary>
    public int ErrorBodyBytes { get; set; }

    /// <summary>How many deltas the gateway has been sent so far, over all streams.</summary>
    public int DeltasWritten => _deltasWritten;

    public static async Task<FakeAnthropic> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        builder.Services.AddRouting();
        var app = builder.Build();
        FakeAnthropic? self = null;
        app.MapPost("/v1/messages", context => self!.MessagesAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeAnthropic(app, new Uri(address));
        return self;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task MessagesAsync(HttpContext context)
    {
        using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
        if (context.Request.Headers["x-api-key"] != Key)
        {
            context.Response.StatusCode = 401;
            await Json(context, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""");
            return;
        }

        if (ErrorBodyBytes > 0)
        {
            context.Response.StatusCode = 529;
            await Json(context, $$$"""{"type":"error","error":{"type":"overloaded_error","message":"{{{new string('x', ErrorBodyBytes)}}}"}}""");
            return;
        }

        var model = body.RootElement.GetProperty("model").GetString();
        if (!(body.RootElement.TryGetProperty("stream", out var stream) && stream.GetBoolean()))
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
            await Sse(context, "content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"t{{{i}}} {{{new string('x', DeltaPadding)}}}"}}""");
            Interlocked.Increment(ref _deltasWritten);
        }

        await Sse(context, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        await Sse(context, "message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":{{{DeltaCount}}}}}""");
        await Sse(context, "message_stop", """{"type":"message_stop"}""");
    }

    private static Task Sse(HttpContext context, string name, string data) =>
        context.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", context.RequestAborted);

    private static Task Json(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}
