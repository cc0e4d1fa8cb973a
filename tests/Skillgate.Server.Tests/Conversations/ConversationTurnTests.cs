using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationTurnTests
{
    [Fact]
    public async Task Messages_TwoTurns_GetShowsFourMessagesAndBudgetHeaders()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();

        using (var first = await gateway.SendAsync(id, "What is the capital of France?"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var tokens = int.Parse(first.Headers.GetValues("skillgate-context-tokens").Single(), System.Globalization.CultureInfo.InvariantCulture);
            var budget = int.Parse(first.Headers.GetValues("skillgate-context-budget").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(tokens, 1, budget);
            Assert.Equal(200_000 - 256 - 4_000, budget);
            Assert.Equal("2", first.Headers.GetValues("skillgate-conversation-version").Single());
            var answer = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
            Assert.Equal("message", answer["type"]!.GetValue<string>());
        }

        using (var second = await gateway.SendAsync(id, "And of Italy?"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal("2 verbatim, 0 summarized", second.Headers.GetValues("skillgate-context-rounds").Single());
        }

        var conversation = await gateway.GetAsync(id);
        var messages = ConversationGateway.Messages(conversation);
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal("What is the capital of France?", messages[0].Text);
        Assert.Equal("And of Italy?", messages[2].Text);
        Assert.All(messages.Where(m => m.Role == "assistant"), m => Assert.NotEmpty(m.Text));
        Assert.Equal(5, conversation["version"]!.GetValue<long>());
        Assert.Equal("You are a careful assistant.", conversation["system"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_SecondTurn_SendsTheHistoryUpstream()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var first = await InputTokensAsync(gateway, id, "Tell me about the history of Lisbon.");
        var second = await InputTokensAsync(gateway, id, "Tell me about the history of Lisbon.");

        // The second request carries the first question and its answer as well.
        Assert.True(second > first + 10, $"second turn {second} input tokens, first {first}");
    }

    [Fact]
    public async Task Messages_Streaming_PassesEventsAndPersistsTheAnswer()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using var response = await gateway.SendAsync(id, "Write a haiku about rivers.", stream: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.Contains("skillgate-context-tokens"));
        var events = await response.Content.ReadAsStringAsync();
        Assert.Contains("event: message_stop", events, StringComparison.Ordinal);

        var streamed = new StringBuilder();
        foreach (var line in events.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)))
        {
            var data = JsonNode.Parse(line["data: ".Length..])!;
            if (data["type"]!.GetValue<string>() == "content_block_delta" && data["delta"]!["type"]!.GetValue<string>() == "text_delta")
            {
                streamed.Append(data["delta"]!["text"]!.GetValue<string>());
            }
        }

        var messages = ConversationGateway.Messages(await gateway.GetAsync(id));
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal(streamed.ToString(), messages[1].Text);
        Assert.NotEmpty(messages[1].Text);
    }

    [Fact]
    public async Task Messages_UpstreamFault500_UserTurnKeptAndNoAnswer()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using var response = await gateway.SendAsync(id, "Summarize this [[sim:fault=500]]");
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.InternalServerError, "api_error");

        var conversation = await gateway.GetAsync(id);
        var messages = ConversationGateway.Messages(conversation);
        Assert.Equal(["user"], messages.Select(m => m.Role));
        Assert.Equal("Summarize this [[sim:fault=500]]", messages[0].Text);
        Assert.Equal(2, conversation["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Messages_StreamCutMidway_ErrorEventAndNoPartialAnswerPersisted()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using var response = await gateway.SendAsync(id, "Explain tides [[sim:fault=cut tokens=200]]", stream: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("event: message_stop", events, StringComparison.Ordinal);
        Assert.Contains("event: error", events, StringComparison.Ordinal);

        var messages = ConversationGateway.Messages(await gateway.GetAsync(id));
        Assert.Equal(["user"], messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Messages_StreamWithErrorEvent_NoAnswerPersisted()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using var response = await gateway.SendAsync(id, "Explain tides [[sim:fault=error tokens=200]]", stream: true);
        var events = await response.Content.ReadAsStringAsync();
        Assert.Contains("event: error", events, StringComparison.Ordinal);

        var messages = ConversationGateway.Messages(await gateway.GetAsync(id));
        Assert.Equal(["user"], messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Messages_StreamedToolUse_PersistedWithItsInputAndNextTurnRepaired()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var body = new JsonObject
        {
            ["content"] = "What is the weather in Oslo? [[sim:tool=get_weather]]",
            ["stream"] = true,
            ["tools"] = new JsonArray(new JsonObject
            {
                ["name"] = "get_weather",
                ["description"] = "Current weather for a city.",
                ["input_schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } } },
            }),
        };
        using (var response = await gateway.Client.PostAsync($"v1/conversations/{id}/messages", ConversationGateway.Json(body)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("event: message_stop", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var conversation = await gateway.GetAsync(id);
        var assistant = conversation["messages"]![1]!;
        Assert.Equal("assistant", assistant["role"]!.GetValue<string>());
        var toolUse = assistant["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        Assert.Equal("get_weather", toolUse["name"]!.GetValue<string>());
        Assert.IsType<JsonObject>(toolUse["input"]);
        Assert.StartsWith("toolu_", toolUse["id"]!.GetValue<string>(), StringComparison.Ordinal);

        // The caller never answered the tool call: the view gives it an error result, so the next turn is still valid.
        using var next = await gateway.SendAsync(id, "Never mind, tell me a joke instead.");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Messages_LongConversationInSmallWindow_EveryViewFitsAndNothingIsLost()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync(contextWindow: 4_096);
        const int Turns = 30;
        var summarized = 0;
        for (var i = 0; i < Turns; i++)
        {
            var text = $"Turn {i}: the shipment SHP-{5000 + i} left Rotterdam with {i * 11 + 7} pallets of tiles for the customer in Porto, "
                + "and we decided to bill it on the next invoice run after the customs papers arrive. [[sim:tokens=60]]";
            using var response = await gateway.SendAsync(id, text);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var tokens = int.Parse(response.Headers.GetValues("skillgate-context-tokens").Single(), System.Globalization.CultureInfo.InvariantCulture);
            var budget = int.Parse(response.Headers.GetValues("skillgate-context-budget").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(tokens, 1, budget);
            var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["usage"]!;
            Assert.InRange(usage["input_tokens"]!.GetValue<long>(), 1, 4_096 - 256);
            var rounds = response.Headers.GetValues("skillgate-context-rounds").Single();
            var parts = rounds.Split(", ").Select(p => int.Parse(p.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(i + 1, parts[0] + parts[1]);
            summarized = parts[1];
        }

        Assert.True(summarized > 0, $"old turns were summarized: {summarized}");
        var messages = ConversationGateway.Messages(await gateway.GetAsync(id));
        Assert.Equal(2 * Turns, messages.Count);
        Assert.StartsWith("Turn 0:", messages[0].Text, StringComparison.Ordinal);
    }

    private static async Task<long> InputTokensAsync(ConversationGateway gateway, string id, string text)
    {
        using var response = await gateway.SendAsync(id, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return answer["usage"]!["input_tokens"]!.GetValue<long>();
    }
}
