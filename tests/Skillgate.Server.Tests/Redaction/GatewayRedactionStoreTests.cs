using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Redaction;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.Redaction;

/// <summary>
/// What reaches the upstream (the simulator's recorded requests) with the gateway's defaults: pseudonymized Messages
/// calls, the same placeholders on every turn of a conversation without a header, Message Batches redacted on the
/// way up and restored in their results — after a gateway restart too (vaults in the gateway's SQLite file or Redis).
/// </summary>
public sealed class GatewayRedactionStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Email = "olga.petrova@example.org";
    private const string Phone = "+7 495 123-45-67";

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Messages_DefaultOptions_EmailNeverReachesUpstreamAndAnswerRestored()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0, RecordRequests = 20 });
        await using var gateway = await GatewayHost.StartAsync(Options(sim, store: null, key: null));
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };

        var answer = await SendAsync(client, $"Write to {Email} or call {Phone} [[sim:echo]]");

        Assert.Equal(RedactionMode.Pseudonymize, new GatewayOptions().Redaction.Mode);
        Assert.Contains(Email, answer, StringComparison.Ordinal);
        Assert.Contains(Phone, answer, StringComparison.Ordinal);
        var sent = Assert.Single(sim.GetRecordedRequests(), r => r.PathAndQuery == "/v1/messages").BodyText;
        Assert.DoesNotContain(Email, sent, StringComparison.Ordinal);
        Assert.DoesNotContain("495", sent, StringComparison.Ordinal);
        Assert.Contains("⟦EMAIL_", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_NoConversationHeader_SamePlaceholdersEveryTurn()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0, RecordRequests = 20 });
        await using var gateway = await GatewayHost.StartAsync(Options(sim, store: null, key: null));
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        var first = $"My e-mail is {Email}. [[sim:echo]]";

        var reply = await SendAsync(client, first);
        await SendAsync(client, first, reply, $"Also write to {Email} and ops@example.net [[sim:echo]]");

        var bodies = sim.GetRecordedRequests().Where(r => r.PathAndQuery == "/v1/messages").Select(r => JsonNode.Parse(r.BodyText)!).ToList();
        Assert.Equal(2, bodies.Count);
        var turn1 = bodies[0]["messages"]![0]!.ToJsonString(Relaxed);
        var turn2 = bodies[1]["messages"]![0]!.ToJsonString(Relaxed);
        Assert.Equal(turn1, turn2);
        Assert.Contains("⟦EMAIL_", turn1, StringComparison.Ordinal);
        Assert.All(bodies, b => Assert.DoesNotContain(Email, b.ToJsonString(Relaxed), StringComparison.Ordinal));
        var placeholder = turn1[turn1.IndexOf('⟦', StringComparison.Ordinal)..(turn1.IndexOf('⟧', StringComparison.Ordinal) + 1)];
        Assert.Contains(placeholder, bodies[1]["messages"]![2]!.ToJsonString(Relaxed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_CreateRestartResults_RedactedUpstreamRestoredFromSqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"skillgate-vaults-{Guid.NewGuid():N}.db");
        try
        {
            await BatchRoundTripAsync(file);
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
            {
                File.Delete(f);
            }
        }
    }

    [Fact]
    public async Task Batches_CreateRestartResults_RestoredFromRedis()
    {
        var prefix = "redis:" + redis.Connection.Configuration;
        await BatchRoundTripAsync(prefix);
        var keys = redis.Connection.GetServers()[0].Keys(pattern: "skillgate:vault:*batch:*").ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var stored = (byte[])(await redis.Connection.GetDatabase().StringGetAsync(key))!;
            Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Email)));
        }
    }

    [Fact]
    public async Task Messages_ConversationHeaderWithKey_VaultSealedInSqliteFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"skillgate-vaults-{Guid.NewGuid():N}.db");
        try
        {
            await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0, RecordRequests = 20 });
            var options = Options(sim, file, Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
            await using (var gateway = await GatewayHost.StartAsync(options))
            {
                using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
                Assert.Contains(Email, await SendAsync(client, $"Mail {Email} [[sim:echo]]", conversationId: "c-7"), StringComparison.Ordinal);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Email)));
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM vaults WHERE id = 'default:c-7';";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
            {
                File.Delete(f);
            }
        }
    }

    private static async Task BatchRoundTripAsync(string store)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0, RecordRequests = 50, BatchRequestMs = 1 });
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        string id;
        await using (var gateway = await GatewayHost.StartAsync(Options(sim, store, key)))
        {
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
            var create = new JsonObject
            {
                ["requests"] = new JsonArray(
                    Request("r-1", $"Contact {Email} [[sim:echo]]"),
                    Request("r-2", $"Call {Phone} or {Email} [[sim:echo]]"),
                    Request("r-3", "Nothing personal here [[sim:echo]]")),
            };
            using var created = await client.PostAsync("v1/messages/batches", Json(create));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        }

        var upstream = Assert.Single(sim.GetRecordedRequests(), r => r.PathAndQuery == "/v1/messages/batches" && r.Method == "POST").BodyText;
        Assert.DoesNotContain(Email, upstream, StringComparison.Ordinal);
        Assert.DoesNotContain("123-45-67", upstream, StringComparison.Ordinal);
        Assert.Contains("⟦EMAIL_", upstream, StringComparison.Ordinal);
        Assert.Contains("\"custom_id\":\"r-2\"", upstream.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // A new gateway process over the same store and key.
        await using (var gateway = await GatewayHost.StartAsync(Options(sim, store, key)))
        {
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
            for (var i = 0; i < 200; i++)
            {
                var batch = JsonNode.Parse(await client.GetStringAsync($"v1/messages/batches/{id}"))!;
                if (batch["processing_status"]!.GetValue<string>() == "ended")
                {
                    break;
                }

                await Task.Delay(50);
            }

            var results = (await client.GetStringAsync($"v1/messages/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonNode.Parse(l)!).ToDictionary(l => l["custom_id"]!.GetValue<string>(), l => l["result"]!.ToJsonString(Relaxed));
            Assert.Equal(3, results.Count);
            Assert.Contains(Email, results["r-1"], StringComparison.Ordinal);
            Assert.Contains(Email, results["r-2"], StringComparison.Ordinal);
            Assert.Contains(Phone, results["r-2"], StringComparison.Ordinal);
            Assert.DoesNotContain("⟦", results["r-2"], StringComparison.Ordinal);
            Assert.Contains("Nothing personal here", results["r-3"], StringComparison.Ordinal);
        }

        Assert.DoesNotContain(sim.GetRecordedRequests(), r => r.BodyText.Contains(Email, StringComparison.Ordinal));
    }

    private static JsonObject Request(string customId, string text) => new()
    {
        ["custom_id"] = customId,
        ["params"] = new JsonObject
        {
            ["model"] = "claude-sonnet-4-5",
            ["max_tokens"] = 64,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        },
    };

    private static GatewayOptions Options(SimulatorHost sim, string? store, string? key)
    {
        var options = new GatewayOptions { Port = 0 };
        options.Upstream.BaseUrl = sim.BaseAddress;
        options.Upstream.Http2 = false;
        foreach (var k in sim.Keys)
        {
            options.Upstream.Keys.Add(k);
        }

        if (store is not null)
        {
            options.Conversations.Store = store;
        }

        options.Redaction.Key = key;
        return options;
    }

    private static async Task<string> SendAsync(HttpClient client, string text, string? reply = null, string? next = null, string? conversationId = null)
    {
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text });
        if (reply is not null)
        {
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = reply });
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = next });
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = Json(new JsonObject { ["model"] = "claude-sonnet-4-5", ["max_tokens"] = 128, ["messages"] = messages }),
        };
        if (conversationId is not null)
        {
            request.Headers.Add("skillgate-conversation-id", conversationId);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["content"]![0]!["text"]!.GetValue<string>();
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}
