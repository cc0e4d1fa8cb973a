using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests;

internal static class SimTestHelpers
{
    public static HttpClient Client(SimulatorHost sim, string? key = SimulatorOptions.DefaultKey)
    {
        var client = new HttpClient { BaseAddress = sim.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
        }

        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        return client;
    }

    public static string Body(string text, int maxTokens = 100, bool stream = false, string model = "claude-sonnet-4-5", string extra = "") =>
        $$"""{"model":"{{model}}","max_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text)}}}]{{extra}}}""";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static Task<HttpResponseMessage> PostMessageAsync(this HttpClient client, string json,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = Json(json),
            Version = client.DefaultRequestVersion,
            VersionPolicy = client.DefaultVersionPolicy,
        }, completion);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static async Task<List<StreamEvent>> ReadEventsAsync(this HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        var events = new List<StreamEvent>();
        await foreach (var evt in SseEventReader.ReadAsync(stream))
        {
            events.Add(evt);
        }

        return events;
    }

    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, string type, string? messagePart = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("request-id"));
        var json = await response.ReadJsonAsync();
        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.StartsWith("req_", json.GetProperty("request_id").GetString(), StringComparison.Ordinal);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }
}
