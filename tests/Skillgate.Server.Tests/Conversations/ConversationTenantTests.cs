using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationTenantTests
{
    [Fact]
    public async Task Get_OtherTenantsConversation_404AndNotListed()
    {
        await using var gateway = await ConversationGateway.StartAsync(options =>
        {
            options.ListenAddress = "127.0.0.1";
            options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-alice-0123456789", Tenant = "alice" });
            options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-bob-0123456789", Tenant = "bob" });
        });

        using var create = Request(HttpMethod.Post, "v1/conversations", "sg-alice-0123456789", "{}");
        using var created = await gateway.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        using var asBob = await gateway.Client.SendAsync(Request(HttpMethod.Get, $"v1/conversations/{id}", "sg-bob-0123456789"));
        await ErrorAssert.IsAnthropicErrorAsync(asBob, HttpStatusCode.NotFound, "not_found_error");
        using var bobDeletes = await gateway.Client.SendAsync(Request(HttpMethod.Delete, $"v1/conversations/{id}", "sg-bob-0123456789"));
        await ErrorAssert.IsAnthropicErrorAsync(bobDeletes, HttpStatusCode.NotFound, "not_found_error");

        using var bobList = await gateway.Client.SendAsync(Request(HttpMethod.Get, "v1/conversations", "sg-bob-0123456789"));
        Assert.Empty(JsonNode.Parse(await bobList.Content.ReadAsStringAsync())!["data"]!.AsArray());
        using var aliceList = await gateway.Client.SendAsync(Request(HttpMethod.Get, "v1/conversations", "sg-alice-0123456789"));
        Assert.Equal(id, JsonNode.Parse(await aliceList.Content.ReadAsStringAsync())!["data"]![0]!["id"]!.GetValue<string>());

        using var anonymous = await gateway.Client.GetAsync($"v1/conversations/{id}");
        await ErrorAssert.IsAnthropicErrorAsync(anonymous, HttpStatusCode.Unauthorized, "authentication_error");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-api-key", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
