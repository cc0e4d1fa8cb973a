using System.Text;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>Starts the simulator and builds transports pointed at it.</summary>
internal static class SimulatorFixture
{
    public const int MaxRetries = 2;

    public static Task<SimulatorHost> StartAsync(params SimulatorKeyOptions[] keys)
    {
        var options = new SimulatorOptions();
        foreach (var key in keys)
        {
            options.Keys.Add(key);
        }

        return StartAsync(options);
    }

    /// <summary>Starts the simulator and warms it up (a cold first request on a busy machine can take longer
    /// than the tight timeouts the tests use) through a key without faults, then zeroes its stats.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options)
    {
        var sim = await SimulatorHost.StartAsync(options);
        var clean = options.Keys.FirstOrDefault(k => k.Faults is null or { ApiError: 0, Timeout: 0, Overloaded: 0, ResetBeforeHeaders: 0, StallBeforeHeaders: 0, ErrorMidStream: 0, CutMidStream: 0, StallMidStream: 0, SlowDrip: 0 });
        if (clean is not null || options.Keys.Count == 0)
        {
            using var http = new HttpClient();
            foreach (var address in new[] { sim.BaseAddress, sim.Http2Address! })
            {
                foreach (var stream in new[] { false, true })
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/v1/messages"))
                    {
                        Content = new ByteArrayContent(Request(stream, "warm up").Body.ToArray()),
                        Version = address == sim.Http2Address ? System.Net.HttpVersion.Version20 : System.Net.HttpVersion.Version11,
                        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    };
                    message.Headers.TryAddWithoutValidation("x-api-key", clean?.Key ?? SimulatorOptions.DefaultKey);
                    using var response = await http.SendAsync(message);
                    await response.Content.ReadAsByteArrayAsync();
                }
            }
        }

        sim.ResetStats();
        return sim;
    }

    public static SimulatorKeyOptions Key(string key, FaultOptions? faults = null, int rpm = 0) =>
        new() { Key = key, Faults = faults ?? new FaultOptions { StallMs = 3000 }, RequestsPerMinute = rpm };

    public static UpstreamClient Client(SimulatorHost sim, bool http2 = false, Action<UpstreamOptions>? configure = null, params string[] keys)
    {
        var options = TransportFixture.Options(http2 ? sim.Http2Address! : sim.BaseAddress, keys: 0, maxRetries: MaxRetries,
            protocol: http2 ? UpstreamHttpProtocol.Http2Only : UpstreamHttpProtocol.Http11);
        foreach (var key in keys.Length > 0 ? keys : sim.Keys)
        {
            options.Keys.Add(new UpstreamKeyOptions { Id = key.Length > 8 ? key[..8] : key, Value = key });
        }

        configure?.Invoke(options);
        return new UpstreamClient(options);
    }

    public static UpstreamRequest Request(bool stream, string text, string model = "claude-test", int maxTokens = 64) =>
        new(Encoding.UTF8.GetBytes($"{{\"model\":\"{model}\",\"max_tokens\":{maxTokens},{(stream ? "\"stream\":true," : string.Empty)}\"messages\":[{{\"role\":\"user\",\"content\":\"{text}\"}}]}}"), stream)
        {
            Model = model,
            MaxTokens = maxTokens,
        };

    /// <summary>Calls the transport the way the gateway does and returns what the caller saw.</summary>
    public static async Task<Seen> CallAsync(UpstreamClient client, UpstreamRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!request.Stream)
            {
                var response = await client.SendAsync(request, cancellationToken);
                return new Seen(200, Encoding.UTF8.GetString(response.Body.Span), null, null);
            }

            await using var stream = await client.StreamAsync(request, cancellationToken);
            var text = await TransportFixture.ReadAllAsync(stream, cancellationToken);
            return new Seen(200, text, stream.Error, null);
        }
        catch (UpstreamException error)
        {
            return new Seen(error.StatusCode, error.ErrorType, error.Kind, error);
        }
    }

    /// <summary>What a caller saw: the status, the body (or the error type), and the failure kind.</summary>
    internal sealed record Seen(int Status, string Body, UpstreamErrorKind? Kind, UpstreamException? Error);
}
