using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Simulator;

namespace Skillgate.Testing;

/// <summary>An in-process simulator whose token counts differ from o200k by known per-script factors.</summary>
public sealed class SimulatedUpstream : IAsyncDisposable
{
    private readonly SimulatorHost _host;
    private readonly HttpClient _client;

    private SimulatedUpstream(SimulatorHost host)
    {
        _host = host;
        _client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Add("x-api-key", SimulatorOptions.DefaultKey);
        _client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
    }

    public static async Task<SimulatedUpstream> StartAsync(double prose, double cjk, double code)
    {
        var options = new SimulatorOptions
        {
            Port = 0,
            Http2Port = -1,
            TokenFactors = new TokenFactorOptions { Prose = prose, Cjk = cjk, Code = code },
        };
        return new SimulatedUpstream(await SimulatorHost.StartAsync(options));
    }

    /// <summary>Sends a request body; returns the reply message and the total input tokens it reports.</summary>
    public async Task<(JsonObject Message, long InputTokens)> SendAsync(string requestJson)
    {
        using var content = new StringContent(requestJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _client.PostAsync(new Uri("/v1/messages", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var message = JsonNode.Parse(body)!.AsObject();
        var usage = message["usage"]!;
        var input = usage["input_tokens"]!.GetValue<long>()
            + (usage["cache_creation_input_tokens"]?.GetValue<long?>() ?? 0)
            + (usage["cache_read_input_tokens"]?.GetValue<long?>() ?? 0);
        return (message, input);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }
}
