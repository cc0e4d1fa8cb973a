using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>The upstream's request-id and rate-limit headers are handed on with answers, streams and errors.</summary>
public sealed class UpstreamHeadersTests
{
    private static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public async Task SendAndStream_CarryRequestIdAndRateLimitHeaders()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a", rpm: 600));
        using var client = SimulatorFixture.Client(sim);

        var answer = await client.SendAsync(SimulatorFixture.Request(stream: false, "Hi"));
        await using var stream = await client.StreamAsync(SimulatorFixture.Request(stream: true, "Hi"));

        foreach (var headers in new[] { answer.Headers, stream.Headers })
        {
            Assert.False(string.IsNullOrEmpty(Header(headers, "request-id")));
            Assert.Equal("600", Header(headers, "anthropic-ratelimit-requests-limit"));
            Assert.NotNull(Header(headers, "anthropic-ratelimit-requests-remaining"));
            Assert.DoesNotContain(headers, h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Failure_CarriesTheFailedAttemptsHeaders()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a", rpm: 600));
        using var client = SimulatorFixture.Client(sim, configure: o => o.Retry.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(SimulatorFixture.Request(stream: false, "Hi [[sim:fault=429]]")));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(error.RequestId, Header(error.Headers, "request-id"));
        Assert.NotNull(Header(error.Headers, "retry-after"));
        Assert.NotNull(Header(error.Headers, "anthropic-ratelimit-requests-limit"));
    }
}
