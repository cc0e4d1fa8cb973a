using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Scheduling;
using Skillgate.Server.Auth;
using Skillgate.Server.Conversations;
using Skillgate.Server.Messages;
using Skillgate.Server.Tests.Conversations;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Tokens;
using Skillgate.WebSockets;

namespace Skillgate.Server.Tests.Pipeline;

/// <summary>
/// Every path that admits a request through the scheduler is admitted with the shared estimator's calibrated estimate
/// and feeds the upstream's usage back to that estimator exactly once per finished request.
/// </summary>
public sealed class UsageFeedbackTests
{
    private const string Model = "claude-sonnet-4-5";

    private static string Body(string text, bool stream) =>
        JsonSerializer.Serialize(new { model = Model, max_tokens = 32, stream, messages = new[] { new { role = "user", content = text } } });

    [Fact]
    public async Task MessagesAndWebSocket_FinishedRequest_ObservedOnceAgainstTheAdmittedEstimate()
    {
        await using var test = await StartAsync();
        var http = test.Gateway.Client;

        // POST /v1/messages, whole and streamed: the pipeline admits its own estimate and learns from it.
        foreach (var stream in new[] { false, true })
        {
            await test.ExpectOneObservationAsync(async () =>
            {
                using var response = await http.PostAsync("v1/messages", new StringContent(Body($"Plain call, stream {stream}.", stream), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                _ = await response.Content.ReadAsStringAsync();
            });
            Assert.Equal(test.Estimator.Observed.Last().Tokens, test.LastAdmitted.EstimatedInputTokens);
        }

        // WebSocket streams, streamed and whole.
        await using var client = await SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(test.Gateway.Inner.BaseUrl));
        foreach (var stream in new[] { true, false })
        {
            await test.ExpectOneObservationAsync(async () =>
            {
                var events = 0;
                await foreach (var unused in client.StreamAsync(Encoding.UTF8.GetBytes(Body($"Socket call, stream {stream}.", stream))))
                {
                    events++;
                }

                Assert.True(events > 0);
            });
            Assert.Equal(test.Estimator.Observed.Last().Tokens, test.LastAdmitted.EstimatedInputTokens);
        }
    }

    [Fact]
    public async Task ConversationTurn_FinishedAnswer_ObservedOnceByTheSchedulersEstimator()
    {
        await using var test = await StartAsync();
        var id = await test.Gateway.CreateAsync();

        // Admitted with the view's calibrated estimate; learned from by the estimator the pipeline admits with.
        foreach (var stream in new[] { false, true })
        {
            var viewTokens = 0;
            await test.ExpectOneObservationAsync(async () =>
            {
                using var response = await test.Gateway.SendAsync(id, $"Conversation turn, stream {stream}.", stream);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                _ = await response.Content.ReadAsStringAsync();
                viewTokens = int.Parse(response.Headers.GetValues(TurnHandler.TokensHeader).Single(), CultureInfo.InvariantCulture);
            });
            Assert.Equal(viewTokens, test.LastAdmitted.EstimatedInputTokens);
        }
    }

    [Fact]
    public async Task ExecutorCall_WithParsedBody_AdmittedCalibratedAndObservedOnce()
    {
        await using var test = await StartAsync();
        var executor = test.Gateway.Inner.Gateway.Services.GetRequiredService<MessageExecutor>();

        // Shaped like a conversation's summary call: the body parsed once, no estimate of the caller's own.
        await test.ExpectOneObservationAsync(async () =>
        {
            var body = Encoding.UTF8.GetBytes(Body("Summarize the conversation so far.", stream: false));
            var info = RequestValidator.ValidateMessages(body, requireMaxTokens: true);
            var answer = await executor.SendAsync(new MessageRequest
            {
                Tenant = Tenant.Anonymous,
                Body = body,
                Info = info,
                Model = Model,
                MaxTokens = (int)info.MaxTokens,
                Headers = [new("anthropic-version", "2023-06-01")],
            }, CancellationToken.None);
            Assert.Equal(200, answer.StatusCode);
        });
        var admitted = test.LastAdmitted;
        Assert.True(admitted.EstimatedInputTokens > 0);
        Assert.Equal(test.Estimator.Observed.Last().Tokens, admitted.EstimatedInputTokens);
        Assert.Equal(32, admitted.MaxTokens);
    }

    private static async Task<Harness> StartAsync()
    {
        var estimator = new RecordingEstimator(TokenEstimators.Create());
        var harness = new Harness(estimator);
        harness.Gateway = await ConversationGateway.StartAsync(configureServices: services =>
        {
            services.AddSingleton<ITokenEstimator>(estimator);
            var created = services.Last(d => d.ServiceType == typeof(IRequestScheduler));
            services.AddSingleton<IRequestScheduler>(sp => new RecordingScheduler((IRequestScheduler)created.ImplementationFactory!(sp), harness.Admitted));
        });
        return harness;
    }

    private sealed class Harness(RecordingEstimator estimator) : IAsyncDisposable
    {
        public ConversationGateway Gateway { get; set; } = null!;

        public RecordingEstimator Estimator => estimator;

        public ConcurrentQueue<AdmissionRequest> Admitted { get; } = new();

        public AdmissionRequest LastAdmitted => Admitted.Last();

        /// <summary>Runs one request and waits until the estimator learned from it once (a turn learns off the caller's path), then checks that no second observation follows.</summary>
        public async Task ExpectOneObservationAsync(Func<Task> request)
        {
            var before = estimator.Observed.Count;
            await request();
            var clock = Stopwatch.StartNew();
            while (estimator.Observed.Count == before && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            await Task.Delay(200);
            Assert.Equal(before + 1, estimator.Observed.Count);
        }

        public ValueTask DisposeAsync() => Gateway.DisposeAsync();
    }

    private sealed class RecordingScheduler(IRequestScheduler inner, ConcurrentQueue<AdmissionRequest> requests) : IRequestScheduler
    {
        public int QueueLength => inner.QueueLength;

        public ValueTask<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken = default)
        {
            requests.Enqueue(request);
            return inner.AdmitAsync(request, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class RecordingEstimator(ITokenEstimator inner) : ITokenEstimator
    {
        public ConcurrentQueue<TokenEstimate> Observed { get; } = new();

        public TokenEstimate EstimateText(string model, ReadOnlySpan<char> text) => inner.EstimateText(model, text);

        public TokenEstimate EstimateRequest(ReadOnlySpan<byte> requestJson) => inner.EstimateRequest(requestJson);

        public TokenEstimate EstimateStats(string model, Skillgate.Protocol.TextStats stats) => inner.EstimateStats(model, stats);

        public void Observe(TokenEstimate estimate, long reportedInputTokens)
        {
            Observed.Enqueue(estimate);
            inner.Observe(estimate, reportedInputTokens);
        }

        public TokenCalibrationSnapshot GetCalibration(string model) => inner.GetCalibration(model);
    }
}
