using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Conversations;

/// <summary>A gateway over the simulator (recording its last 100 requests) with its conversations in a temporary SQLite
/// file, and a client for it.</summary>
internal sealed class ConversationGateway : IAsyncDisposable
{
    private readonly string _directory;

    private ConversationGateway(SimulatedGateway inner, string directory)
    {
        Inner = inner;
        _directory = directory;
        Client = new HttpClient { BaseAddress = inner.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SimulatedGateway Inner { get; }

    public HttpClient Client { get; }

    public string DatabasePath => Path.Combine(_directory, "conversations.db");

    public static async Task<ConversationGateway> StartAsync(Action<GatewayOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "skillgate-conv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var inner = await SimulatedGateway.StartAsync(options =>
        {
            options.Conversations.Store = Path.Combine(directory, "conversations.db");
            configure?.Invoke(options);
        }, new SimulatorOptions { RecordRequests = 100 }, configureServices);
        return new ConversationGateway(inner, directory);
    }

    public async Task<string> CreateAsync(string? system = "You are a careful assistant.", int? contextWindow = null)
    {
        var body = new JsonObject();
        if (system is not null)
        {
            body["system"] = system;
        }

        if (contextWindow is { } window)
        {
            body["context_window"] = window;
        }

        using var response = await Client.PostAsync("v1/conversations", Json(body));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("conversation", created["type"]!.GetValue<string>());
        Assert.Equal(1, created["version"]!.GetValue<long>());
        return created["id"]!.GetValue<string>();
    }

    public Task<HttpResponseMessage> SendAsync(string id, string text, bool stream = false, long? expectedVersion = null)
    {
        var body = new JsonObject { ["content"] = text, ["max_tokens"] = 256 };
        if (stream)
        {
            body["stream"] = true;
        }

        if (expectedVersion is { } version)
        {
            body["expected_version"] = version;
        }

        return Client.PostAsync($"v1/conversations/{id}/messages", Json(body));
    }

    public async Task<JsonObject> GetAsync(string id)
    {
        using var response = await Client.GetAsync($"v1/conversations/{id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static List<(string Role, string Text)> Messages(JsonObject conversation) =>
        [.. conversation["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), TextOf(m["content"]!)))];

    public static string TextOf(JsonNode content) => content.GetValueKind() == JsonValueKind.String
        ? content.GetValue<string>()
        : string.Concat(content.AsArray().Where(b => b!["type"]!.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>()));

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Inner.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp directory is cleaned up by the OS.
        }
    }
}
