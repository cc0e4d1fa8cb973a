using System.Net;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.Conversations;

/// <summary>The endpoints with <c>Conversations:Store = redis:...</c>: the same behaviour as on SQLite.</summary>
public sealed class ConversationRedisTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Messages_TwoTurnsStreamingAndJson_HistoryInRedis()
    {
        await using var gateway = await StartAsync();
        var id = await gateway.CreateAsync();
        using (var first = await gateway.SendAsync(id, "First question."))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await gateway.SendAsync(id, "Second question.", stream: true))
        {
            Assert.Contains("event: message_stop", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["user", "assistant", "user", "assistant"], ConversationGateway.Messages(await gateway.GetAsync(id)).Select(m => m.Role));
        Assert.True(await redis.Connection.GetDatabase().KeyExistsAsync($"skillgate:conv:log:default/{id}"));
    }

    [Fact]
    public async Task Upload_ThenFault_ThenDelete_OnRedis()
    {
        await using var gateway = await StartAsync();
        var id = await gateway.CreateAsync();
        using (var upload = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=notes.md", new StringContent("# Notes\nThe launch code is LC-8812.", Encoding.UTF8, "text/markdown")))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        using (var fault = await gateway.SendAsync(id, "What is the launch code? [[sim:fault=500]]"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        }

        var conversation = await gateway.GetAsync(id);
        Assert.Equal(["user"], ConversationGateway.Messages(conversation).Select(m => m.Role));
        Assert.Equal("notes.md", conversation["documents"]![0]!["name"]!.GetValue<string>());

        using (var deleted = await gateway.Client.DeleteAsync($"v1/conversations/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var gone = await gateway.Client.GetAsync($"v1/conversations/{id}");
        await ErrorAssert.IsAnthropicErrorAsync(gone, HttpStatusCode.NotFound, "not_found_error");
    }

    private Task<ConversationGateway> StartAsync() =>
        ConversationGateway.StartAsync(o => o.Conversations.Store = "redis:" + redis.Connection.Configuration);
}
