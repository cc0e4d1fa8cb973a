using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that answers any method and path with the next step of a script (or 200 and
/// <c>{}</c> when the script is empty), and records what each request looked like.
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RawUpstream(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<Func<HttpContext, Task>> Script { get; } = new();

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public static async Task<RawUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        RawUpstream? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new RawUpstream(app, new Uri(address));
        return self;
    }

    public RawUpstream Then(Func<HttpContext, Task> step)
    {
        Script.Enqueue(step);
        return this;
    }

    public static Func<HttpContext, Task> Status(int status, string? body = null, string contentType = "application/json") => async context =>
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        }
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        Requests.Enqueue(new Seen(
            request.Method,
            request.Path + request.QueryString,
            request.ContentType,
            request.ContentLength,
            request.Headers["x-api-key"].ToString(),
            body.ToArray()));
        if (Script.TryDequeue(out var step))
        {
            await step(context);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{}");
    }

    /// <summary>One request as the server saw it.</summary>
    internal sealed record Seen(string Method, string PathAndQuery, string? ContentType, long? ContentLength, string Key, byte[] Body);
}
