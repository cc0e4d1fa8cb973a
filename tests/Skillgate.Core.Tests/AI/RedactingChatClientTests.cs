using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Skillgate.AI;
using Skillgate.Hosting;
using Skillgate.Redaction;
using Skillgate.Telemetry;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.AI;

/// <summary>The registered <see cref="IChatClient"/>'s redaction layer, proven on the bodies a real HTTP upstream received.</summary>
public sealed class RedactingChatClientTests
{
    private const string Email = "jane.doe@example.com";
    private const string Prompt = "Please write to " + Email + " about the invoice.";

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
            upstream.Keys.Add(new UpstreamKeyOptions { Id = "echo-key", Value = "sk-echo" });
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
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync(Prompt);

        var body = Assert.Single(echo.Bodies);
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        Assert.Contains("EMAIL_", body, StringComparison.Ordinal);
        Assert.Equal(EchoUpstream.Echo(Prompt), response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_WithMetrics_EntitiesRestoresAndRefusalsCounted()
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress, options => options.Redaction.CustomRecognizers.Add(new CustomRecognizerOptions
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

        await chat.GetResponseAsync(Prompt);
        await Assert.ThrowsAsync<RedactionFailedException>(() => chat.GetResponseAsync("Ticket T-4711"));

        Assert.Equal("EMAIL", Assert.Single(entities.GetMeasurementSnapshot()).Tags["skillgate.redaction.entity_type"]);
        Assert.Contains(restored.GetMeasurementSnapshot(), m => (string?)m.Tags["skillgate.redaction.entity_type"] == "EMAIL");
        Assert.Equal("recognizer", Assert.Single(refused.GetMeasurementSnapshot()).Tags["skillgate.redaction.reason"]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PlaceholderSplitAcrossDeltas_RestoredWhole()
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(Prompt))
        {
            updates.Add(update);
        }

        Assert.DoesNotContain(Email, Assert.Single(echo.Bodies), StringComparison.Ordinal);
        Assert.Equal(EchoUpstream.Echo(Prompt), updates.ToChatResponse().Text);
        Assert.DoesNotContain(updates, u => u.Text.Contains('\u27E6', StringComparison.Ordinal) || u.Text.Contains('\u27E7', StringComparison.Ordinal));
        Assert.True(updates.Count(u => u.Text.Length > 0) > 10, "the echo should arrive in many small deltas");
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_RecognizerThrows_FailsClosedNothingSent(bool stream)
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress, options => options.Redaction.CustomRecognizers.Add(new CustomRecognizerOptions
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

        Assert.Empty(echo.Bodies);
        Assert.DoesNotContain("T-4711", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ModeOffByDefault_PerCallPseudonymizeApplies()
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress, options => options.Redaction.Mode = RedactionMode.Off);
        var chat = provider.GetRequiredService<IChatClient>();

        await chat.GetResponseAsync(Prompt);
        var perCall = new ChatOptions { AdditionalProperties = new() { [SkillgateChatOptions.RedactionMode] = "pseudonymize" } };
        var response = await chat.GetResponseAsync(Prompt, perCall);

        var bodies = echo.Bodies.ToArray();
        Assert.Contains(Email, bodies[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Email, bodies[1], StringComparison.Ordinal);
        Assert.Equal(EchoUpstream.Echo(Prompt), response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_RedactMode_OneWayAnswerKeepsPlaceholder()
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress, options => options.Redaction.Mode = RedactionMode.Redact);
        var chat = provider.GetRequiredService<IChatClient>();

        var response = await chat.GetResponseAsync(Prompt);

        Assert.DoesNotContain(Email, Assert.Single(echo.Bodies), StringComparison.Ordinal);
        Assert.DoesNotContain(Email, response.Text, StringComparison.Ordinal);
        Assert.Contains("\u27E6EMAIL_", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallAndResult_RedactedAndArgumentsRestored()
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Support for " + Email + "'s account."),
            new(ChatRole.User, "Look up the customer."),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "lookup", new Dictionary<string, object?> { ["email"] = Email, ["limit"] = 3 })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", new Dictionary<string, object?> { ["contact"] = "john.roe@example.org", ["orders"] = 2 })]),
            new(ChatRole.User, "And now?"),
        ];

        var response = await chat.GetResponseAsync(messages);

        var body = Assert.Single(echo.Bodies);
        Assert.DoesNotContain(Email, body, StringComparison.Ordinal);
        Assert.DoesNotContain("john.roe@example.org", body, StringComparison.Ordinal);
        Assert.Contains("\"limit\":3", body, StringComparison.Ordinal);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(Email, call.Arguments!["email"]?.ToString());
        Assert.Equal(Email, ((FunctionCallContent)messages[2].Contents[0]).Arguments!["email"]);
    }

    [Fact]
    public async Task GetResponseAsync_SameConversation_SamePlaceholderEachTurn()
    {
        await using var echo = await EchoUpstream.StartAsync();
        await using var provider = Provider(echo.BaseAddress);
        var chat = provider.GetRequiredService<IChatClient>();
        var options = new ChatOptions { ConversationId = "conv-1" };

        var first = await chat.GetResponseAsync(Prompt, options);
        var second = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt), .. first.Messages, new ChatMessage(ChatRole.User, "Again: " + Email)], options);

        var bodies = echo.Bodies.ToArray();
        var placeholder = Placeholder(bodies[0]);
        Assert.Equal(placeholder, Placeholder(bodies[1]));
        Assert.Equal(3, bodies[1].Split(placeholder).Length - 1);
        Assert.Equal(EchoUpstream.Echo("Again: " + Email), second.Text);
    }

    private static string Placeholder(string body)
    {
        var start = body.IndexOf("EMAIL_", StringComparison.Ordinal);
        Assert.True(start >= 0, body);
        return body.Substring(start, "EMAIL_".Length + 6);
    }
}
