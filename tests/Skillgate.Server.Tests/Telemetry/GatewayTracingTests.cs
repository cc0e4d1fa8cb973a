using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Telemetry;

/// <summary>The spans of a Messages call through a real gateway and the simulator on loopback.</summary>
public sealed class GatewayTracingTests
{
    private const string Model = "claude-sonnet-4-5";

    /// <summary>
    /// Two upstream keys, the first always answering 529, and round robin (no scheduler): the first attempt gets a 529,
    /// the retry goes to the second key and succeeds.
    /// </summary>
    private static Task<SimulatedGateway> StartWithOverloadedFirstKeyAsync() => SimulatedGateway.StartAsync(
        o => o.Scheduler.Enabled = false,
        new SimulatorOptions
        {
            RecordRequests = 100,
            Keys =
            {
                new SimulatorKeyOptions { Key = "sk-overloaded-0123456789", Faults = new FaultOptions { Overloaded = 1 } },
                new SimulatorKeyOptions { Key = "sk-healthy-0123456789" },
            },
        },
        http2: false);

    private static async Task<string> PostAsync(SimulatedGateway gateway, string traceParent, bool stream)
    {
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        var body = JsonSerializer.Serialize(new { model = Model, max_tokens = 100, stream, messages = new[] { new { role = "user", content = "hello [[sim:tokens=12]]" } } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return text;
    }

    [Fact]
    public async Task StreamWithRetry_SpanTree_CallAttemptsFirstTokenAndUsage()
    {
        using var spans = new SpanRecorder();
        await using var gateway = await StartWithOverloadedFirstKeyAsync();

        var text = await PostAsync(gateway, spans.TraceParent, stream: true);
        var call = await spans.WaitForAsync(a => a.OperationName == "chat " + Model);

        Assert.Contains("message_stop", text, StringComparison.Ordinal);
        // The gateway's server span continues the caller's trace (the simulator's, in-process, are the attempts' children).
        var server = Assert.Single(spans.Stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.ParentSpanId == spans.ParentSpanId);
        Assert.Equal(server.SpanId, call.ParentSpanId);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal("chat", call.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("anthropic", call.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(Model, call.GetTagItem("gen_ai.request.model"));
        Assert.Equal(100, call.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal("127.0.0.1", call.GetTagItem("server.address"));
        Assert.True((long)call.GetTagItem("gen_ai.usage.input_tokens")! > 0);
        Assert.Equal(12L, call.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.NotNull(call.GetTagItem("gen_ai.usage.cache_read.input_tokens"));
        Assert.Equal(new[] { "end_turn" }, (string[])call.GetTagItem("gen_ai.response.finish_reasons")!);
        Assert.Null(call.GetTagItem("error.type"));
        Assert.Contains(call.Events, e => e.Name == "skillgate.first_token");

        var attempts = spans.Stopped.Where(a => a.OperationName == "skillgate.attempt" && a.ParentSpanId == call.SpanId)
            .OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(529, attempts[0].GetTagItem("http.response.status_code"));
        Assert.Equal("overloaded_error", attempts[0].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Null(attempts[0].GetTagItem("skillgate.retry.reason"));
        Assert.Equal(200, attempts[1].GetTagItem("http.response.status_code"));
        Assert.Equal("overloaded_error", attempts[1].GetTagItem("skillgate.retry.reason"));
        Assert.Null(attempts[1].GetTagItem("error.type"));
        Assert.NotNull(attempts[0].GetTagItem("skillgate.key.id"));
        Assert.NotEqual(attempts[0].GetTagItem("skillgate.key.id"), attempts[1].GetTagItem("skillgate.key.id"));
        foreach (var attempt in attempts)
        {
            Assert.Single(spans.Stopped, a => a.OperationName == "skillgate.admission" && a.ParentSpanId == attempt.SpanId);
            Assert.Single(spans.Stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.ParentSpanId == attempt.SpanId);
        }
    }

    [Fact]
    public async Task CallersTraceParent_ReachesTheUpstream_AsTheAttemptsChild()
    {
        using var spans = new SpanRecorder();
        await using var gateway = await StartWithOverloadedFirstKeyAsync();

        await PostAsync(gateway, spans.TraceParent, stream: false);
        var call = await spans.WaitForAsync(a => a.OperationName == "chat " + Model);

        var attempts = spans.Stopped.Where(a => a.OperationName == "skillgate.attempt" && a.ParentSpanId == call.SpanId).ToList();
        var received = gateway.Simulator.GetRecordedRequests().Where(r => r.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);
        foreach (var request in received)
        {
            var parts = request.Headers["traceparent"].Split('-');
            Assert.Equal(spans.TraceId.ToString(), parts[1]);
            Assert.Contains(attempts, a => a.SpanId.ToString() == parts[2]);
        }

        Assert.NotEqual(received[0].Headers["traceparent"], received[1].Headers["traceparent"]);
        Assert.Equal(new[] { "end_turn" }, (string[])call.GetTagItem("gen_ai.response.finish_reasons")!);
    }
}
