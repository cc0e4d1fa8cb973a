using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Skillgate.AI;
using Skillgate.Hosting;
using Skillgate.Redaction;
using Skillgate.Simulator;
using Skillgate.Telemetry;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.AI;

/// <summary>
/// The registered <see cref="IChatClient"/>'s redaction layer, proven on the bodies the simulator received (its request
/// recording) and on its echo of them (<c>[[sim:echo]]</c>), which brings the placeholders back in the answer.
/// </summary>
public sealed class RedactingChatClientTests
{
    private const string Email = "jane.doe@example.com";
    private const string EchoTag = " [[sim:echo]]";
    private const string Key = "sk-echo";

    // 19 characters before the e-mail: its placeholder (14 code points) starts at the last code point of an echo token
    // (4 code points) and so spans 5 tokens, more than one delta carries (1-4): the stream must split it.
    private const string Prompt = "Please do write to " + Email + " about the invoice.";

    private static async Task<SimulatorHost> StartSimulatorAsync()
    {
        var options = new SimulatorOptions { RecordRequests = 16 };
        options.Keys.Add(new SimulatorKeyOptions { Key = Key });
        return await SimulatorHost.StartAsync(options);
    }

    /// <summary>The bodies the simulator received, oldest first; each was answered with 200 and sent with our key.</summary>
    private static string[] Bodies(SimulatorHost sim)
    {
        var seen = sim.GetRecordedRequests();
        Assert.Equal(0, sim.RecordedRequestsDropped);
        Assert.All(seen, r =>
        {
            Assert.Equal("/v1/messages", r.PathAndQuery);
            Assert.Equal(200, r.StatusCode);
            Assert.Equal(Key, r.Headers["x-api-key"]);
        });
        return seen.Select(r => r.BodyText).ToArray();
    }

    /// <summary>The text of the last user message of a request body, JSON-unescaped: what the simulator echoes.</summary>
    private static string LastUserText(string body)
    {
        var last = JsonNode.Parse(body)!["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!;
        return last is JsonValue value
            ? value.GetValue<string>()
            : string.Concat(last.AsArray().Where(b => b!["type"]!.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>()));
    }

    private static ServiceProvider Provider(Uri baseAddress, Action<SkillgateOptions>? configure = null, bool metrics = false)
    {
        var collection = new ServiceCollection();
        if (metrics)
        {
            collection.AddMetrics();
        }

        var services = collection.AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "echo", BaseAddress = baseAddress, Protocol = UpstreamHttpProtocol.Http11 };
            upstream.Keys.Add(new UpstreamKeyOptions { Id = "echo-key", Value = Key });
            options.Upstreams.Add(upstream);
            options.DefaultModel = "claude-echo";
            options.DefaultMaxTokens = 64;
            options.Redaction.Mode = RedactionMode.Pseudonymize;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task GetResponseAsync_EmailInPrompt_NeverSentAndRestoredInAnswer()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync(Prompt + EchoTag);

        var body = Assert.Single(Bodies(sim));
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        Assert.Matches("^Please do write to \u27E6EMAIL_[0-9a-f]{6}\u27E7 about the invoice\\.", LastUserText(body));
        Assert.Equal(Prompt, response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_WithMetrics_EntitiesRestoresAndRefusalsCounted()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress, options => options.Redaction.CustomRecognizers.Add(new CustomRecognizerOptions
        {
            Type = "TICKET",
            Pattern = "T-[0-9]+",
            ValidatorFunc = _ => throw new InvalidOperationException("validator crashed"),
        }), metrics: true);
        var meters = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var entities = new MetricCollector<long>(meters, SkillgateTelemetry.RedactionName, "skillgate.redaction.entities");
        using var restored = new MetricCollector<long>(meters, SkillgateTelemetry.RedactionName, "skillgate.redaction.restored");
        using var refused = new MetricCollector<long>(meters, SkillgateTelemetry.RedactionName, "skillgate.redaction.refused");
        var chat = provider.GetRequiredService<IChatClient>();

        Assert.Equal(Prompt, (await chat.GetResponseAsync(Prompt + EchoTag)).Text);
        await Assert.ThrowsAsync<RedactionFailedException>(() => chat.GetResponseAsync("Ticket T-4711"));

        Assert.Equal("EMAIL", Assert.Single(entities.GetMeasurementSnapshot()).Tags["skillgate.redaction.entity_type"]);
        Assert.Contains(restored.GetMeasurementSnapshot(), m => (string?)m.Tags["skillgate.redaction.entity_type"] == "EMAIL");
        Assert.Equal("recognizer", Assert.Single(refused.GetMeasurementSnapshot()).Tags["skillgate.redaction.reason"]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PlaceholderSplitAcrossDeltas_RestoredWhole()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(Prompt + EchoTag))
        {
            updates.Add(update);
        }

        var body = Assert.Single(Bodies(sim));
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        var echoed = LastUserText(body).Replace(EchoTag, string.Empty, StringComparison.Ordinal);
        Assert.Equal(3, echoed.IndexOf('\u27E6', StringComparison.Ordinal) % 4);
        Assert.Equal(Prompt, updates.ToChatResponse().Text);
        Assert.DoesNotContain(updates, u => u.Text.Contains('\u27E6', StringComparison.Ordinal) || u.Text.Contains('\u27E7', StringComparison.Ordinal));
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the echo should arrive in several deltas");
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_RecognizerThrows_FailsClosedNothingSent(bool stream)
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress, options => options.Redaction.CustomRecognizers.Add(new CustomRecognizerOptions
        {
            Type = "TICKET",
            Pattern = "T-[0-9]+",
            ValidatorFunc = value => throw new InvalidOperationException("validator crashed on " + value),
        }));
        var chat = provider.GetRequiredService<IChatClient>();

        var error = await Assert.ThrowsAsync<RedactionFailedException>(async () =>
        {
            if (stream)
            {
                await foreach (var update in chat.GetStreamingResponseAsync("Ticket T-4711 for " + Email))
                {
                    Assert.Fail("nothing may be streamed: " + update.Text);
                }
            }
            else
            {
                await chat.GetResponseAsync("Ticket T-4711 for " + Email);
            }
        });

        Assert.Empty(sim.GetRecordedRequests());
        Assert.DoesNotContain("T-4711", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ModeOffByDefault_PerCallPseudonymizeApplies()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress, options => options.Redaction.Mode = RedactionMode.Off);
        var chat = provider.GetRequiredService<IChatClient>();

        var plain = await chat.GetResponseAsync(Prompt + EchoTag);
        var perCall = new ChatOptions { AdditionalProperties = new() { [SkillgateChatOptions.RedactionMode] = "pseudonymize" } };
        var response = await chat.GetResponseAsync(Prompt + EchoTag, perCall);

        var bodies = Bodies(sim);
        Assert.Equal(2, bodies.Length);
        Assert.Equal(Prompt + EchoTag, LastUserText(bodies[0]));
        Assert.DoesNotContain(Email, bodies[1], StringComparison.Ordinal);
        Assert.Contains("\u27E6EMAIL_", LastUserText(bodies[1]), StringComparison.Ordinal);
        Assert.Equal(Prompt, plain.Text);
        Assert.Equal(Prompt, response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_RedactMode_OneWayAnswerKeepsPlaceholder()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress, options => options.Redaction.Mode = RedactionMode.Redact);
        var chat = provider.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync(Prompt + EchoTag);

        var body = Assert.Single(Bodies(sim));
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, response.Text, StringComparison.Ordinal);
        Assert.Equal(LastUserText(body).Replace(EchoTag, string.Empty, StringComparison.Ordinal), response.Text);
        Assert.Contains("\u27E6EMAIL_", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallAndResult_RedactedAndArgumentsRestored()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Support for " + Email + "'s account."),
            new(ChatRole.User, "Look up the customer."),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "lookup", new Dictionary<string, object?> { ["email"] = Email, ["limit"] = 3 })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", new Dictionary<string, object?> { ["contact"] = "john.roe@example.org", ["orders"] = 2 })]),
            new(ChatRole.User, Email + " [[sim:echo tool]]"),
        ];

        // The simulator's tool call echoes the last user text (the placeholder) as its first property, "email".
        var response = await chat.GetResponseAsync(messages, new ChatOptions { Tools = [AIFunctionFactory.Create(Lookup, "lookup")] });

        var body = Assert.Single(Bodies(sim));
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        Assert.DoesNotContain("john.roe@example.org", body, StringComparison.Ordinal);
        Assert.Contains("\"limit\":3", body, StringComparison.Ordinal);
        Assert.Matches("^\u27E6EMAIL_[0-9a-f]{6}\u27E7 \\[\\[sim:echo tool\\]\\]$", LastUserText(body));
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("lookup", call.Name);
        Assert.Equal(Email, call.Arguments!["email"]?.ToString());
        Assert.Equal(Email, ((FunctionCallContent)messages[2].Contents[0]).Arguments!["email"]);
    }

    [Fact]
    public async Task GetResponseAsync_SameConversation_SamePlaceholderEachTurn()
    {
        await using var sim = await StartSimulatorAsync();
        await using var provider = Provider(sim.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();
        var options = new ChatOptions { ConversationId = "conv-1" };

        var first = await chat.GetResponseAsync(Prompt + EchoTag, options);
        var second = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt + EchoTag), .. first.Messages, new ChatMessage(ChatRole.User, "Again: " + Email + EchoTag)], options);

        var bodies = Bodies(sim);
        Assert.Equal(2, bodies.Length);
        var placeholder = Placeholder(bodies[0]);
        Assert.Equal(placeholder, Placeholder(bodies[1]));
        Assert.Equal(3, bodies[1].Split(placeholder).Length - 1);
        Assert.Equal(Prompt, first.Text);
        Assert.Equal("Again: " + Email, second.Text);
    }

    [System.ComponentModel.Description("Looks up a customer.")]
    private static string Lookup(string email, int limit) => $"{email}:{limit}";

    private static string Placeholder(string body)
    {
        var start = body.IndexOf("EMAIL_", StringComparison.Ordinal);
        Assert.True(start >= 0, body);
        return body.Substring(start, "EMAIL_".Length + 6);
    }
}
