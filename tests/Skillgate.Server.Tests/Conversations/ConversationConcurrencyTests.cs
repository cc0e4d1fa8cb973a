using System.Net;
using System.Text.Json.Nodes;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationConcurrencyTests
{
    [Fact]
    public async Task Messages_StaleExpectedVersion_409AndNothingAppended()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using (var first = await gateway.SendAsync(id, "First question.", expectedVersion: 1))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var stale = await gateway.SendAsync(id, "Written against an old read.", expectedVersion: 1);
        var message = await ErrorAssert.IsAnthropicErrorAsync(stale, HttpStatusCode.Conflict, "invalid_request_error");
        Assert.Contains("version 3, not 1", message, StringComparison.Ordinal);
        Assert.Equal(3, (await gateway.GetAsync(id))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Messages_ConcurrentWritersWithTheSameVersion_OneWinsOthers409()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var writers = Enumerable.Range(0, 4)
            .Select(i => gateway.SendAsync(id, $"Writer {i} says hello [[sim:ttft=100]]", expectedVersion: 1))
            .ToArray();
        var responses = await Task.WhenAll(writers);
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await ErrorAssert.IsAnthropicErrorAsync(loser, HttpStatusCode.Conflict, "invalid_request_error");
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        var messages = ConversationGateway.Messages(await gateway.GetAsync(id));
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Messages_TurnInProgress_SecondTurn409()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var slow = gateway.SendAsync(id, "Take your time [[sim:ttft=1500]]");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await gateway.GetAsync(id))["version"]!.GetValue<long>() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        using var second = await gateway.SendAsync(id, "Me too");
        var message = await ErrorAssert.IsAnthropicErrorAsync(second, HttpStatusCode.Conflict, "invalid_request_error");
        Assert.Contains("in progress", message, StringComparison.Ordinal);
        using var first = await slow;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["user", "assistant"], ConversationGateway.Messages(await gateway.GetAsync(id)).Select(m => m.Role));
    }
}
