using System.Diagnostics;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Anthropic.Models.Messages.Batches;
using Skillgate.Simulator;

namespace Skillgate.Testing;

/// <summary>
/// The official Anthropic C# SDK as the client: what it sends must be understood and what comes back
/// must parse into its typed models and exceptions. Run against every Anthropic-compatible target
/// (the simulator here; the gateway derives from this class too).
/// </summary>
public abstract class AnthropicSdkFidelityTests : IAsyncLifetime
{
    protected const string Model = "claude-sonnet-4-5";

    /// <summary>The simulator behind the target: ground truth for upstream attempts.</summary>
    protected SimulatorHost Simulator { get; private set; } = null!;

    /// <summary>Base URL the SDK talks to.</summary>
    protected Uri TargetAddress { get; private set; } = null!;

    /// <summary>Key the SDK presents to the target.</summary>
    protected string TargetKey { get; private set; } = SimulatorOptions.DefaultKey;

    /// <summary>Starts what the SDK talks to on top of <paramref name="simulator"/>; returns its URL and key.</summary>
    protected abstract Task<(Uri Address, string Key)> StartTargetAsync(SimulatorHost simulator);

    /// <summary>Stops the target started by <see cref="StartTargetAsync"/>.</summary>
    protected abstract Task StopTargetAsync();

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Seed = 7,
            MaxRequestBodyBytes = 64 * 1024,
            StrictModels = true,
            Models = [Model, "claude-haiku-4-5"],
            BatchRequestMs = 5,
            Keys =
            {
                new SimulatorKeyOptions { Key = SimulatorOptions.DefaultKey },
                new SimulatorKeyOptions { Key = "sk-sim-slow", RequestsPerMinute = 60 },
            },
        });
        (TargetAddress, TargetKey) = await StartTargetAsync(Simulator);
    }

    public async Task DisposeAsync()
    {
        await StopTargetAsync();
        await Simulator.DisposeAsync();
    }

    protected AnthropicClient Client(string? key = null, int maxRetries = 0) => new()
    {
        BaseUrl = TargetAddress.ToString().TrimEnd('/'),
        ApiKey = key ?? TargetKey,
        MaxRetries = maxRetries,
        Timeout = TimeSpan.FromSeconds(30),
    };

    protected static MessageCreateParams Params(string text, long maxTokens = 200, IReadOnlyList<ToolUnion>? tools = null) => new()
    {
        Model = Model,
        MaxTokens = maxTokens,
        Messages = [new MessageParam(new UserMessageParam(text))],
        Tools = tools,
    };

    [Fact]
    public async Task Create_Text_ParsesIntoTypedMessage()
    {
        var message = await Client().Messages.Create(Params("Say hello to the fidelity test."));

        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.Equal(Model, message.Model.Raw());
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        var text = Assert.Single(message.Content);
        Assert.True(text.TryPickText(out var block));
        Assert.False(string.IsNullOrWhiteSpace(block!.Text));
        Assert.Equal(12, message.Usage.InputTokens);   // 31 prose characters / 4 + 3 per message + 1, rounded up
        Assert.InRange(message.Usage.OutputTokens, 20, 120); // the simulator's default reply length
    }

    [Fact]
    public async Task Create_SmallMaxTokens_StopsWithMaxTokens()
    {
        var message = await Client().Messages.Create(Params("A long answer please [[sim:tokens=100]]", maxTokens: 5));

        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(5, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task CreateStreaming_Text_AggregatesToTheSameMessageAsNonStreaming()
    {
        var parameters = Params("Stream me the same words.");
        var client = Client();

        var whole = await client.Messages.Create(parameters);
        var streamed = await client.Messages.CreateStreaming(parameters).Aggregate();

        Assert.Equal(StopReason.EndTurn, streamed.StopReason!.Value());
        Assert.True(streamed.Content[0].TryPickText(out var streamedText));
        Assert.True(whole.Content[0].TryPickText(out var wholeText));
        Assert.Equal(wholeText!.Text, streamedText!.Text);
        Assert.Equal(whole.Usage.OutputTokens, streamed.Usage.OutputTokens);
        Assert.Equal(whole.Usage.InputTokens, streamed.Usage.InputTokens);
    }

    [Fact]
    public async Task CreateStreaming_ToolUse_AggregatesInputJson()
    {
        var tool = new Tool
        {
            Name = "get_weather",
            Description = "Weather for a city",
            InputSchema = new InputSchema
            {
                Properties = new Dictionary<string, JsonElement>
                {
                    ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }),
                    ["unit"] = JsonSerializer.SerializeToElement(new { type = "string" }),
                },
                Required = ["city"],
            },
        };

        var message = await Client().Messages
            .CreateStreaming(Params("What is the weather? [[sim:tool=get_weather]]", tools: [new ToolUnion(tool)]))
            .Aggregate();

        Assert.Equal(StopReason.ToolUse, message.StopReason!.Value());
        var toolUse = message.Content.Select(b => b.TryPickToolUse(out var t) ? t : null).Single(t => t is not null)!;
        Assert.Equal("get_weather", toolUse.Name);
        Assert.StartsWith("toolu_", toolUse.ID, StringComparison.Ordinal);
        Assert.True(toolUse.Input.ContainsKey("city"));
    }

    [Fact]
    public async Task CountTokens_ProseText_SimulatorsExactCount()
    {
        var client = Client();
        MessageCountTokensParams Count(string text) => new() { Model = Model, Messages = [new MessageParam(new UserMessageParam(text))] };

        var small = await client.Messages.CountTokens(Count("Hello there."));
        var large = await client.Messages.CountTokens(Count(string.Concat(Enumerable.Repeat("Hello there, how are you today? ", 50))));

        // The simulator's heuristic: prose characters / 4, plus 3 per message, plus 1, rounded up.
        Assert.Equal(7, small.InputTokens);     // 12 / 4 + 3 + 1
        Assert.Equal(404, large.InputTokens);   // 1,600 / 4 + 3 + 1
    }

    [Fact]
    public async Task Batch_CreateToResults_AllSucceed()
    {
        var client = Client();
        var requests = Enumerable.Range(0, 3).Select(i => new Request
        {
            CustomID = $"req-{i}",
            Params = new Params { Model = Model, MaxTokens = 50, Messages = [new MessageParam(new UserMessageParam($"Item {i}"))] },
        }).ToList();

        var batch = await client.Messages.Batches.Create(new BatchCreateParams { Requests = requests });
        Assert.StartsWith("msgbatch_", batch.ID, StringComparison.Ordinal);

        var deadline = Stopwatch.StartNew();
        while (batch.ProcessingStatus.Raw() != "ended")
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "batch did not end in 20 s");
            await Task.Delay(50);
            batch = await client.Messages.Batches.Retrieve(batch.ID);
        }

        Assert.Equal(3, batch.RequestCounts.Succeeded);
        var results = new List<MessageBatchIndividualResponse>();
        await foreach (var result in client.Messages.Batches.ResultsStreaming(batch.ID))
        {
            results.Add(result);
        }

        Assert.Equal(["req-0", "req-1", "req-2"], results.Select(r => r.CustomID).Order().ToArray());
        Assert.All(results, r => Assert.True(r.Result.TryPickSucceeded(out _)));
    }

    [Fact]
    public async Task Errors_EachStatus_MapsToTypedException()
    {
        var client = Client();

        await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => Client(key: "sk-wrong").Messages.Create(Params("hi")));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => client.Messages.Create(Params("hi") with { Model = "claude-unknown-9" }));
        await Assert.ThrowsAsync<AnthropicBadRequestException>(() => client.Messages.Create(Params("hi", maxTokens: 0)));
        await Assert.ThrowsAsync<AnthropicContentTooLargeException>(() => client.Messages.Create(Params(new string('x', 100 * 1024))));
        await Assert.ThrowsAsync<AnthropicOverloadedException>(() => client.Messages.Create(Params("hi [[sim:fault=529]]")));
        await Assert.ThrowsAsync<AnthropicGatewayTimeoutException>(() => client.Messages.Create(Params("hi [[sim:fault=504]]")));
        await Assert.ThrowsAsync<AnthropicPaymentRequiredException>(() => client.Messages.Create(Params("hi [[sim:fault=402]]")));
        await Assert.ThrowsAsync<AnthropicServiceUnavailableException>(() => client.Messages.Create(Params("hi [[sim:fault=503]]")));
        var serverError = await Assert.ThrowsAnyAsync<Anthropic5xxException>(() => client.Messages.Create(Params("hi [[sim:fault=500]]")));
        Assert.Equal(500, (int)serverError.StatusCode);
        Assert.False(string.IsNullOrEmpty(serverError.RequestID));

        var limited = await ExhaustSlowKeyAsync();
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.False(string.IsNullOrEmpty(limited.RequestID));
    }

    /// <summary>A 403 in a test of its own: a gateway rightly takes the key that drew it out of service.</summary>
    [Fact]
    public async Task Errors_Forbidden_MapsToTypedException()
    {
        await Assert.ThrowsAsync<AnthropicForbiddenException>(() => Client().Messages.Create(Params("hi [[sim:fault=403]]")));
    }

    /// <summary>Spends the slow key's request bucket (60 per minute, so a burst of 60) until the target
    /// answers 429, and returns that error.</summary>
    private async Task<AnthropicRateLimitException> ExhaustSlowKeyAsync()
    {
        var slow = Client(key: "sk-sim-slow");
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await slow.Messages.Create(Params($"spend {i}", maxTokens: 5));
            }
            catch (AnthropicRateLimitException ex)
            {
                return ex;
            }
        }

        throw new InvalidOperationException("200 requests at 60 per minute were never refused");
    }

    [Fact]
    public async Task SdkRetries_On429_HonourRetryAfterAndSucceed()
    {
        var slow = Client(key: "sk-sim-slow", maxRetries: 3);
        await ExhaustSlowKeyAsync();
        Simulator.ResetStats();

        var clock = Stopwatch.StartNew();
        var message = await slow.Messages.Create(Params("wait for the next one"));
        clock.Stop();

        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        var stats = Simulator.GetStats().Keys.Single(k => k.Key == "sk-sim-slow");
        AssertHeldBackForTheRateLimit(stats);
        // 60 requests per minute refill one request per second: a retry honouring retry-after waits ~1 s.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"retried after only {clock.Elapsed}");
    }

    /// <summary>
    /// Evidence, from the simulator's counts for the slow key since the reset, that the call above met the
    /// exhausted key. Straight against the simulator: the first attempt was refused with a 429 (and the SDK
    /// retried it after <c>retry-after</c>).
    /// </summary>
    protected virtual void AssertHeldBackForTheRateLimit(SimulatorKeyStats slowKey)
    {
        ArgumentNullException.ThrowIfNull(slowKey);
        Assert.True(slowKey.RateLimited >= 1, "the first attempt should have been refused");
    }
}
