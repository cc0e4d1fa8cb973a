using System.Text;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>Builds transports with fast retries for tests.</summary>
internal static class TransportFixture
{
    public static UpstreamOptions Options(Uri baseAddress, int keys = 1, int maxRetries = 3, UpstreamHttpProtocol protocol = UpstreamHttpProtocol.Http11)
    {
        var options = new UpstreamOptions
        {
            Name = "test",
            BaseAddress = baseAddress,
            Protocol = protocol,
            KeyCooldown = TimeSpan.FromMilliseconds(50),
            Retry = new UpstreamRetryOptions
            {
                MaxRetries = maxRetries,
                BaseDelay = TimeSpan.FromMilliseconds(10),
                MaxDelay = TimeSpan.FromMilliseconds(50),
                BudgetMinRetriesPerSecond = 1000,
            },
            Timeouts = new UpstreamTimeoutOptions
            {
                ResponseHeaders = TimeSpan.FromSeconds(5),
                FirstToken = TimeSpan.FromSeconds(5),
                Idle = TimeSpan.FromSeconds(5),
                Total = TimeSpan.FromSeconds(10),
            },
            CircuitBreaker = new UpstreamCircuitBreakerOptions { Enabled = false },
        };
        for (var i = 0; i < keys; i++)
        {
            options.Keys.Add(new UpstreamKeyOptions { Id = $"k{i}", Value = $"sk-test-{i}" });
        }

        return options;
    }

    public static UpstreamRequest Request(bool stream, string text = "Hello") =>
        new(Encoding.UTF8.GetBytes($"{{\"model\":\"m\",\"max_tokens\":64,{(stream ? "\"stream\":true," : string.Empty)}\"messages\":[{{\"role\":\"user\",\"content\":\"{text}\"}}]}}"), stream)
        {
            Model = "m",
            MaxTokens = 64,
        };

    /// <summary>Reads a stream to its end and returns everything the caller saw.</summary>
    public static async Task<string> ReadAllAsync(UpstreamStream stream, CancellationToken cancellationToken = default)
    {
        var output = new MemoryStream();
        await foreach (var run in stream.ReadEventsAsync(cancellationToken))
        {
            output.Write(run.Span);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
