using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Server.Tests.Conversations;

namespace Skillgate.Server.Tests.BadInput;

/// <summary>One gateway over the simulator (SQLite conversations) shared by a class's bad-input cases.</summary>
public sealed class SharedGateway : IAsyncLifetime
{
    private ConversationGateway? _gateway;

    internal ConversationGateway Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client => Gateway.Client;

    public async Task InitializeAsync() => _gateway = await ConversationGateway.StartAsync(o => o.MaxRequestBodyBytes = 4 * 1024 * 1024);

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    public static ByteArrayContent Bytes(byte[] body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("content-type", contentType);
        }

        return content;
    }

    public static ByteArrayContent Json(string body) => Bytes(Encoding.UTF8.GetBytes(body));

    /// <summary>The conversation's log as the caller sees it: version and messages (role and JSON content).</summary>
    public async Task<(long Version, string Messages)> SnapshotAsync(string id)
    {
        var conversation = await Gateway.GetAsync(id);
        return (conversation["version"]!.GetValue<long>(), conversation["messages"]!.ToJsonString() + conversation["documents"]!.ToJsonString());
    }

    public async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        headers?.Invoke(request.Headers);
        return await Client.SendAsync(request);
    }

    public static JsonNode Parse(string text) => JsonNode.Parse(text)!;
}
