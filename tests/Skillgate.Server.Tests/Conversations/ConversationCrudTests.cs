using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationCrudTests
{
    [Fact]
    public async Task Delete_ThenEveryRoute_404()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using (var deleted = await gateway.Client.DeleteAsync($"v1/conversations/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.Equal("conversation_deleted", JsonNode.Parse(await deleted.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        }

        using var get = await gateway.Client.GetAsync($"v1/conversations/{id}");
        var message = await ErrorAssert.IsAnthropicErrorAsync(get, HttpStatusCode.NotFound, "not_found_error");
        Assert.Contains(id, message, StringComparison.Ordinal);
        using var turn = await gateway.SendAsync(id, "hello?");
        await ErrorAssert.IsAnthropicErrorAsync(turn, HttpStatusCode.NotFound, "not_found_error");
        using var again = await gateway.Client.DeleteAsync($"v1/conversations/{id}");
        await ErrorAssert.IsAnthropicErrorAsync(again, HttpStatusCode.NotFound, "not_found_error");
    }

    [Theory]
    [InlineData("conv_doesnotexist")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("conv_%E4%BD%A0%E5%A5%BD")]
    public async Task Get_UnknownOrMalformedId_404(string id)
    {
        await using var gateway = await ConversationGateway.StartAsync();
        using var response = await gateway.Client.GetAsync($"v1/conversations/{id}");
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"content\":\"\"}")]
    [InlineData("{\"content\":42}")]
    [InlineData("{\"content\":\"hi\",\"stream\":\"yes\"}")]
    [InlineData("{\"content\":\"hi\",\"max_tokens\":-5}")]
    [InlineData("{\"content\":\"hi\",\"messages\":[]}")]
    [InlineData("{\"content\":\"hi\",\"role\":\"assistant\"}")]
    [InlineData("{\"content\":\"hi\",\"expected_version\":\"3\"}")]
    public async Task Messages_BadBody_400AndNothingAppended(string body)
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using var response = await gateway.Client.PostAsync($"v1/conversations/{id}/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Equal(1, (await gateway.GetAsync(id))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Messages_TurnLargerThanTheWindow_400AndNotStored()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync(contextWindow: 4_096);
        var huge = string.Join(' ', Enumerable.Range(0, 6_000).Select(i => $"word{i}"));
        using var response = await gateway.SendAsync(id, huge);
        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("document", message, StringComparison.Ordinal);
        Assert.Equal(1, (await gateway.GetAsync(id))["version"]!.GetValue<long>());

        using var small = await gateway.SendAsync(id, "A short question.");
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Theory]
    [InlineData("{\"context_window\":10}")]
    [InlineData("{\"model\":7}")]
    [InlineData("{\"system\":{\"a\":1}}")]
    [InlineData("{bad")]
    public async Task Create_BadBody_400(string body)
    {
        await using var gateway = await ConversationGateway.StartAsync();
        using var response = await gateway.Client.PostAsync("v1/conversations", new StringContent(body, Encoding.UTF8, "application/json"));
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
    }

    [Fact]
    public async Task List_Paged_NewestFirstWithCursor()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await gateway.CreateAsync());
            await Task.Delay(5);
        }

        var first = JsonNode.Parse(await gateway.Client.GetStringAsync("v1/conversations?limit=2"))!;
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal([ids[2], ids[1]], first["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        var next = JsonNode.Parse(await gateway.Client.GetStringAsync($"v1/conversations?limit=2&after_id={first["last_id"]!.GetValue<string>()}"))!;
        Assert.False(next["has_more"]!.GetValue<bool>());
        Assert.Equal([ids[0]], next["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));

        using var bad = await gateway.Client.GetAsync("v1/conversations?limit=1000");
        await ErrorAssert.IsAnthropicErrorAsync(bad, HttpStatusCode.BadRequest, "invalid_request_error");
    }

    [Fact]
    public async Task Get_FromASecondGatewayOnTheSameFile_SeesTheHistory()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using (var turn = await gateway.SendAsync(id, "Remember the code OPS-4412."))
        {
            Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        }

        await using var second = await ConversationGateway.StartAsync(o => o.Conversations.Store = "sqlite:" + gateway.DatabasePath);
        var messages = ConversationGateway.Messages(await second.GetAsync(id));
        Assert.Equal(["user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal("Remember the code OPS-4412.", messages[0].Text);
    }
}
