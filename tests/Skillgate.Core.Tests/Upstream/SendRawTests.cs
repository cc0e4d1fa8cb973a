using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary><see cref="IUpstreamClient.SendRawAsync"/> and requests other than <c>POST /v1/messages</c>.</summary>
public sealed class SendRawTests
{
    private const string SimKey = "sk-raw-sim";

    private static readonly string SimFingerprint = new UpstreamSecret(SimKey).Fingerprint;

    [Fact]
    public async Task SendRawAsync_Models_GetAnswersWithTheBodyUnread()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(SimKey));
        using var client = SimulatorFixture.Client(sim);

        await using var response = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/models?limit=2"));
        using var json = await JsonDocument.ParseAsync(response.Body);

        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(SimFingerprint, response.KeyFingerprint);
        Assert.Equal(TimeSpan.Zero, response.QueueWait);
        Assert.NotNull(response.RequestId);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("data").ValueKind);
        Assert.InRange(json.RootElement.GetProperty("data").GetArrayLength(), 1, 2);
    }

    [Fact]
    public async Task SendRawAsync_BatchResults_ReadAsAJsonlStream()
    {
        var options = new SimulatorOptions { BatchRequestMs = 0 };
        options.Keys.Add(SimulatorFixture.Key(SimKey));
        await using var sim = await SimulatorFixture.StartAsync(options);
        using var client = SimulatorFixture.Client(sim);
        var items = string.Join(',', Enumerable.Range(0, 3).Select(i =>
            $"{{\"custom_id\":\"item-{i}\",\"params\":{{\"model\":\"claude-test\",\"max_tokens\":16,\"messages\":[{{\"role\":\"user\",\"content\":\"hi {i}\"}}]}}}}"));

        var created = await client.SendAsync(new UpstreamRequest(HttpMethod.Post, "/v1/messages/batches", Encoding.UTF8.GetBytes($"{{\"requests\":[{items}]}}")));
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
        await WaitUntilEndedAsync(client, id, created.KeyFingerprint);
        await using var results = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, $"/v1/messages/batches/{id}/results") { KeyFingerprint = created.KeyFingerprint });
        using var reader = new StreamReader(results.Body);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        Assert.Equal(SimFingerprint, created.KeyFingerprint);
        Assert.Equal(200, results.StatusCode);
        Assert.Equal(3, lines.Count);
        Assert.Equal(
            ["item-0", "item-1", "item-2"],
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendRawAsync_UpstreamNotFound_ThrowsTheUpstreamsOwn404()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(SimKey));
        using var client = SimulatorFixture.Client(sim);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/messages/batches/msgbatch_missing/results")));

        Assert.Equal(UpstreamErrorKind.HttpStatus, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("not_found_error", error.ErrorType);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(SimFingerprint, error.KeyFingerprint);
        Assert.Contains("msgbatch_missing", Encoding.UTF8.GetString(error.UpstreamBody.Span), StringComparison.Ordinal);
        Assert.NotNull(error.RequestId);
        Assert.Equal(0, client.InFlight);
    }

    [Fact]
    public async Task SendRawAsync_OverloadedBeforeHeaders_RetriedThenTheBodyStreams()
    {
        await using var upstream = await RawUpstream.StartAsync();
        var line = "{\"custom_id\":\"x\",\"result\":{\"type\":\"succeeded\"}}\n";
        const int Lines = 40_000;
        upstream.Then(RawUpstream.Status(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"))
            .Then(async context =>
            {
                context.Response.ContentType = "application/binary";
                context.Response.Headers.ContentDisposition = "attachment; filename=\"results.jsonl\"";
                context.Response.Headers["request-id"] = "req_raw";
                var bytes = Encoding.UTF8.GetBytes(line);
                for (var i = 0; i < Lines; i++)
                {
                    await context.Response.Body.WriteAsync(bytes);
                }
            });
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));

        await using var response = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/messages/batches/b1/results"));
        long total = 0;
        var buffer = new byte[8192];
        int read;
        while ((read = await response.Body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.Equal(2, response.Attempts);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/binary", response.ContentType);
        Assert.Equal("req_raw", response.RequestId);
        Assert.Contains(response.Headers, h => h.Key == "content-disposition" && h.Value.Contains("results.jsonl", StringComparison.Ordinal));
        Assert.Equal((long)Lines * line.Length, total);
        Assert.All(upstream.Requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Null(r.ContentType);
            Assert.Empty(r.Body);
        });
    }

    [Fact]
    public async Task SendRawAsync_NoContent_204WithAnEmptyBody()
    {
        await using var upstream = await RawUpstream.StartAsync();
        upstream.Then(RawUpstream.Status(204));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));

        await using var response = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Delete, "/v1/files/file_1"));

        Assert.Equal(204, response.StatusCode);
        Assert.Equal(0, await response.Body.ReadAsync(new byte[16]));
        Assert.Equal("DELETE", Assert.Single(upstream.Requests).Method);
    }

    [Fact]
    public async Task SendRawAsync_BodyStalls_ReadFailsWithTheIdleTimeout()
    {
        await using var upstream = await RawUpstream.StartAsync();
        upstream.Then(async context =>
        {
            await context.Response.WriteAsync("{\"partial\":");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Timeouts.Idle = TimeSpan.FromMilliseconds(300);
        using var client = new UpstreamClient(options);

        await using var response = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/files/file_1/content"));
        var buffer = new byte[64];
        var error = await Assert.ThrowsAsync<UpstreamException>(async () =>
        {
            while (await response.Body.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.Equal(UpstreamErrorKind.IdleTimeout, error.Kind);
        Assert.Equal(504, error.StatusCode);
    }

    [Fact]
    public async Task SendRawAsync_DisposedMidBody_ReleasesTheCall()
    {
        await using var upstream = await RawUpstream.StartAsync();
        upstream.Then(async context =>
        {
            await context.Response.WriteAsync(new string('x', 1000));
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));

        var response = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/files/file_1/content"));
        Assert.True(await response.Body.ReadAsync(new byte[100]) > 0);
        Assert.Equal(1, client.InFlight);
        await response.DisposeAsync();

        Assert.Equal(0, client.InFlight);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => _ = await response.Body.ReadAsync(new byte[100]));
    }

    [Fact]
    public async Task SendAsync_MultipartUpload_ContentTypeAndBytesPassThrough()
    {
        await using var upstream = await RawUpstream.StartAsync();
        upstream.Then(RawUpstream.Status(201, "{\"id\":\"file_1\",\"type\":\"file\"}"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var body = Encoding.UTF8.GetBytes("--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b0undary--\r\n");

        var response = await client.SendAsync(new UpstreamRequest(HttpMethod.Post, "/v1/files?beta=true", body)
        {
            ContentType = "multipart/form-data; boundary=b0undary",
            Headers = [new("anthropic-beta", "files-api-2025-04-14")],
        });

        var seen = Assert.Single(upstream.Requests);
        Assert.Equal(201, response.StatusCode);
        Assert.Equal("/v1/files?beta=true", seen.PathAndQuery);
        Assert.Equal("multipart/form-data; boundary=b0undary", seen.ContentType);
        Assert.Equal(body, seen.Body);
        Assert.Equal("sk-test-0", seen.Key);
        Assert.Equal(new UpstreamSecret("sk-test-0").Fingerprint, response.KeyFingerprint);
    }

    [Fact]
    public async Task SendRawAsync_ClientErrors_DoNotOpenTheCircuit()
    {
        await using var upstream = await RawUpstream.StartAsync();
        var options = TransportFixture.Options(upstream.BaseAddress, maxRetries: 0);
        options.CircuitBreaker = new UpstreamCircuitBreakerOptions
        {
            Enabled = true, FailureRatio = 0.1, MinimumThroughput = 2, SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(30),
        };
        using var client = new UpstreamClient(options);
        for (var i = 0; i < 10; i++)
        {
            upstream.Then(RawUpstream.Status(i % 2 == 0 ? 404 : 400, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no such batch\"}}"));
        }

        for (var i = 0; i < 10; i++)
        {
            var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, $"/v1/messages/batches/b{i}")));
            Assert.Equal(UpstreamErrorKind.HttpStatus, error.Kind);
        }

        await using (var ok = await client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/models")))
        {
            Assert.Equal(200, ok.StatusCode);
        }

        // The breaker is live: server errors do open it.
        for (var i = 0; i < 3; i++)
        {
            upstream.Then(RawUpstream.Status(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"));
        }

        var kinds = new List<UpstreamErrorKind>();
        for (var i = 0; i < 3; i++)
        {
            kinds.Add((await Assert.ThrowsAsync<UpstreamException>(() => client.SendRawAsync(new UpstreamRequest(HttpMethod.Get, "/v1/models")))).Kind);
        }

        Assert.Contains(UpstreamErrorKind.CircuitOpen, kinds);
    }

    private static async Task WaitUntilEndedAsync(IUpstreamClient client, string id, string? fingerprint)
    {
        for (var i = 0; i < 100; i++)
        {
            var batch = await client.SendAsync(new UpstreamRequest(HttpMethod.Get, $"/v1/messages/batches/{id}") { KeyFingerprint = fingerprint });
            if (JsonDocument.Parse(batch.Body).RootElement.GetProperty("processing_status").GetString() == "ended")
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the batch did not end");
    }
}
