using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Fuzz;

/// <summary>Thousands of malformed requests and frames: never a 500, never a crash, a healthy server afterwards.</summary>
public sealed class FuzzTests
{
    private const string ValidBody = """{"model":"claude-sonnet-4-5","max_tokens":16,"stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"metadata":{"user_id":"u"},"system":"s"}""";

    private static readonly string[] Paths =
    [
        "/v1/messages", "/v1/messages/count_tokens", "/v1/messages/batches", "/v1/messages/batches/msgbatch_x",
        "/v1/messages/batches/msgbatch_x/cancel", "/v1/messages/batches/msgbatch_x/results", "/v1/models", "/v1/ws",
        "/v1/nothing", "/", "/v1/messages/%00", "/v1/messages/../models", "/healthz", "/readyz", "/v1/" + new string('a', 3000),
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

    private static readonly string[] ContentTypes = ["application/json", "text/plain", "application/json; charset=latin1", "multipart/form-data", ""];

    [Fact]
    public async Task MalformedRequests_NeverGet500_ServerStaysHealthy()
    {
        await using var gateway = await SimulatedGateway.StartAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        var mutator = new Mutator(seed: 20261125);
        var cases = Enumerable.Range(0, 3000).Select(_ => (Method: mutator.Pick(Methods), Path: mutator.Pick(Paths), ContentType: mutator.Pick(ContentTypes), Body: mutator.Mutate(ValidBody))).ToList();
        var failures = new List<string>();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
            if (c.Method is not ("GET" or "HEAD" or "OPTIONS"))
            {
                request.Content = new ByteArrayContent(c.Body);
                if (c.ContentType.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("content-type", c.ContentType);
                }
            }

            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
            using var response = await client.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var problem = Check(response, text);
            if (problem is not null)
            {
                lock (failures)
                {
                    failures.Add($"{c.Method} {c.Path[..Math.Min(40, c.Path.Length)]} -> {(int)response.StatusCode}: {problem}");
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        await AssertHealthyAsync(client);
    }

    [Fact]
    public async Task MalformedFrames_GetErrorFramesNeverCrash_ServerStaysHealthy()
    {
        await using var gateway = await SimulatedGateway.StartAsync(o => o.WebSocket.MaxMessageBytes = 64 * 1024);
        var mutator = new Mutator(seed: 4242);
        string[] valid =
        [
            $$"""{"type":"request","id":"r1","body":{{ValidBody}}}""",
            """{"type":"resume","id":"r2","stream_id":"ws_nope","last_seq":3}""",
            """{"type":"cancel","stream_id":"ws_nope"}""",
            """{"type":"ping"}""",
            $$"""{"type":"request","id":"r3","window":4,"body":{{ValidBody}}}""",
            """{"type":"resume","id":"r4","stream_id":"ws_nope","last_seq":3,"window":64}""",
            """{"type":"credit","stream_id":"ws_nope","events":32}""",
            """{"type":"credit","stream_id":"ws_nope","events":-1}""",
            """{"type":"credit","stream_id":"ws_nope","events":1.5}""",
            """{"type":"credit","stream_id":"ws_nope","events":99999999999999}""",
            """{"type":"credit","stream_id":"ws_nope","events":"8"}""",
            """{"type":"credit","events":8}""",
        ];
        var socket = await RawSocket.ConnectAsync(gateway.BaseUrl);
        var sockets = 1;
        var frames = 0;
        try
        {
            for (var i = 0; i < 2000; i++)
            {
                var bytes = mutator.Next(50) == 0 ? new byte[100_000] : mutator.Mutate(mutator.Pick(valid));
                var type = mutator.Next(20) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                if (type == WebSocketMessageType.Text && !IsUtf8(bytes))
                {
                    // An invalid UTF-8 text frame fails the connection (RFC 6455): check that, then carry on with a new one.
                    await socket.SendAsync(bytes, type);
                    await Assert.ThrowsAnyAsync<WebSocketException>(async () => await DrainAsync(socket));
                    socket.Dispose();
                    socket = await RawSocket.ConnectAsync(gateway.BaseUrl);
                    sockets++;
                    continue;
                }

                await socket.SendAsync(bytes, type);
                await socket.SendAsync("""{"type":"ping"}""");
                var reply = await socket.ReceiveUntilAsync("pong");
                frames++;
                Assert.Equal("pong", reply.GetProperty("type").GetString());
            }
        }
        finally
        {
            socket.Dispose();
        }

        Assert.True(frames > 1000, $"only {frames} frames were exercised");
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        await AssertHealthyAsync(client);
        using var fresh = await RawSocket.ConnectAsync(gateway.BaseUrl);
        await fresh.SendAsync(valid[0].Replace("\"stream\":false", "\"stream\":true", StringComparison.Ordinal));
        var done = await fresh.ReceiveUntilAsync("done");
        Assert.True(done.GetProperty("seq").GetInt32() > 3, $"{sockets} sockets used");
    }

    internal static string? Check(HttpResponseMessage response, string text)
    {
        if ((int)response.StatusCode >= 500)
        {
            return "server error " + text;
        }

        if (!response.Headers.Contains("request-id"))
        {
            // Kestrel itself refuses a NUL in the path before any middleware runs: a bare 400 is all it can say.
            var kestrelRejected = response.StatusCode == HttpStatusCode.BadRequest && text.Length == 0
                && response.RequestMessage!.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal);
            return kestrelRejected ? null : "no request-id";
        }

        if ((int)response.StatusCode >= 400 && response.RequestMessage!.Method != HttpMethod.Head)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.GetProperty("type").GetString() != "error" || doc.RootElement.GetProperty("error").GetProperty("type").ValueKind != JsonValueKind.String)
                {
                    return "not Anthropic-shaped: " + text;
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return "not JSON: " + text[..Math.Min(200, text.Length)];
            }
        }

        return null;
    }

    private static async Task AssertHealthyAsync(HttpClient client)
    {
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var content = new StringContent(ValidBody, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var ok = await client.PostAsync("/v1/messages", content);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static async Task DrainAsync(RawSocket socket)
    {
        for (var i = 0; i < 100; i++)
        {
            await socket.ReceiveAsync(TimeSpan.FromSeconds(5));
        }
    }

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
