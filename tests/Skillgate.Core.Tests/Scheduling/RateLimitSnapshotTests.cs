using System.Net.Http.Headers;
using Skillgate.Scheduling;

namespace Skillgate.Core.Tests.Scheduling;

public class RateLimitSnapshotTests
{
    [Fact]
    public void FromHeaders_AnthropicHeaders_ReadsAllDimensions()
    {
        using var response = new HttpResponseMessage();
        var h = response.Headers;
        h.Add("anthropic-ratelimit-requests-limit", "50");
        h.Add("anthropic-ratelimit-requests-remaining", "49");
        h.Add("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:01Z");
        h.Add("anthropic-ratelimit-input-tokens-limit", "30000");
        h.Add("anthropic-ratelimit-input-tokens-remaining", "29000");
        h.Add("anthropic-ratelimit-output-tokens-limit", "8000");
        h.Add("anthropic-ratelimit-output-tokens-remaining", "0");
        h.Add("retry-after", "7");

        var snapshot = RateLimitSnapshot.FromHeaders(h);

        Assert.Equal(new RateLimitWindow(50, 49, new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero)), snapshot.Requests);
        Assert.Equal(30000, snapshot.InputTokens!.Value.Limit);
        Assert.Equal(29000, snapshot.InputTokens!.Value.Remaining);
        Assert.Null(snapshot.InputTokens!.Value.Reset);
        Assert.Equal(0, snapshot.OutputTokens!.Value.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(7), snapshot.RetryAfter);
        Assert.False(snapshot.IsEmpty);
    }

    [Fact]
    public void FromHeaders_NoHeaders_IsEmpty()
    {
        var snapshot = RateLimitSnapshot.FromHeaders(_ => null);
        Assert.True(snapshot.IsEmpty);
    }

    [Fact]
    public void FromHeaders_Garbage_IgnoresBadValues()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["anthropic-ratelimit-requests-limit"] = "lots",
            ["anthropic-ratelimit-requests-remaining"] = "-3",
            ["retry-after"] = "soon",
        };
        var snapshot = RateLimitSnapshot.FromHeaders(n => headers.GetValueOrDefault(n));
        Assert.Null(snapshot.Requests);
        Assert.Null(snapshot.RetryAfter);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("12", 12)]
    [InlineData("1.5", 1.5)]
    [InlineData("Thu, 01 Jan 2026 00:00:30 GMT", 30)]
    [InlineData("Wed, 31 Dec 2025 23:59:00 GMT", 0)]
    public void ParseRetryAfter_SecondsOrDate_ReturnsDelay(string value, double expectedSeconds)
    {
        var delay = RateLimitSnapshot.ParseRetryAfter(value, SchedulerTestKit.Start);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }
}
