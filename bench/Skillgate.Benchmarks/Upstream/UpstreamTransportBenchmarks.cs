using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Skillgate.Upstream;

namespace Skillgate.Benchmarks.Upstream;

/// <summary>
/// The transport's own per-request cost: the same canned answer served by an in-memory handler, read once through
/// a bare <see cref="HttpMessageInvoker"/> (baseline) and once through <see cref="UpstreamClient"/> (key lease,
/// Polly retry + circuit breaker, layered timers, usage sniffing, SSE framing). No network, so the difference is ours.
/// </summary>
[MemoryDiagnoser]
public class UpstreamTransportBenchmarks
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes(
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"Hello world\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}");

    private static readonly byte[] Sse = BuildSse(deltas: 50);

    private static readonly byte[] RequestBody = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

    private HttpMessageInvoker _bare = null!;
    private UpstreamClient _transport = null!;
    private UpstreamRequest _request = null!;
    private UpstreamRequest _streamRequest = null!;
    private readonly Uri _uri = new("http://upstream.invalid/v1/messages");

    [GlobalSetup]
    public void Setup()
    {
        _bare = new HttpMessageInvoker(new CannedHandler());
        var options = new UpstreamOptions { BaseAddress = new Uri("http://upstream.invalid") };
        options.Keys.Add(new UpstreamKeyOptions { Value = "sk-bench" });
        _transport = new UpstreamClient(options, handler: new CannedHandler());
        _request = new UpstreamRequest(RequestBody, stream: false) { Model = "m", MaxTokens = 64 };
        _streamRequest = new UpstreamRequest(RequestBody, stream: true) { Model = "m", MaxTokens = 64 };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _transport.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> BareInvoker_NonStreaming()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(RequestBody) };
        message.Headers.TryAddWithoutValidation("x-api-key", "sk-bench");
        using var response = await _bare.SendAsync(message, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();
        return body.Length;
    }

    [Benchmark]
    public async Task<int> Transport_NonStreaming()
    {
        var response = await _transport.SendAsync(_request);
        return response.Body.Length;
    }

    [Benchmark]
    public async Task<long> BareInvoker_Streaming()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(RequestBody) };
        message.Headers.TryAddWithoutValidation("x-api-key", "sk-bench");
        message.Headers.TryAddWithoutValidation("x-stream", "1");
        using var response = await _bare.SendAsync(message, CancellationToken.None);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark]
    public async Task<long> Transport_Streaming()
    {
        await using var stream = await _transport.StreamAsync(_streamRequest);
        long total = 0;
        await foreach (var run in stream.ReadEventsAsync())
        {
            total += run.Length;
        }

        return total;
    }

    private static byte[] BuildSse(int deltas)
    {
        var text = new StringBuilder();
        text.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n");
        text.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (var i = 0; i < deltas; i++)
        {
            text.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"token \"}}\n\n");
        }

        text.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        text.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":50}}\n\n");
        text.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Answers every request at once from memory: JSON, or SSE when the request asks for a stream.</summary>
    private sealed class CannedHandler : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue JsonType = new("application/json");
        private static readonly MediaTypeHeaderValue SseType = new("text/event-stream");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var streaming = request.Headers.Accept.Count > 0 || request.Headers.Contains("x-stream");
            var content = streaming ? new StreamContent(new MemoryStream(Sse, writable: false)) : (HttpContent)new ByteArrayContent(Json);
            content.Headers.ContentType = streaming ? SseType : JsonType;
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
            response.Headers.TryAddWithoutValidation("request-id", "req_1");
            return Task.FromResult(response);
        }
    }
}
