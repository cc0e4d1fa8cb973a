using Skillgate.Protocol;

namespace Skillgate.Core.Tests.Protocol;

public sealed class RateLimitHeadersTests
{
    [Fact]
    public void FormatReset_UsesRfc3339Utc()
    {
        var at = new DateTimeOffset(2025, 3, 4, 10, 20, 30, 400, TimeSpan.FromHours(2));

        Assert.Equal("2025-03-04T08:20:30Z", RateLimitHeaders.FormatReset(at));
        Span<char> span = stackalloc char[32];
        Assert.True(RateLimitHeaders.TryFormatReset(at, span, out var n));
        Assert.Equal("2025-03-04T08:20:30Z", span[..n].ToString());
    }

    [Theory]
    [InlineData("2025-03-04T08:20:30Z")]
    [InlineData("2025-03-04T10:20:30+02:00")]
    [InlineData("2025-03-04T08:20:30.000Z")]
    public void TryParseReset_Rfc3339Variants_SameInstant(string value)
    {
        Assert.True(RateLimitHeaders.TryParseReset(value, out var at));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 8, 20, 30, TimeSpan.Zero), at);
    }

    [Theory]
    [InlineData(0.2, "1")]
    [InlineData(1.0, "1")]
    [InlineData(12.01, "13")]
    public void FormatRetryAfter_WholeSecondsRoundedUp(double seconds, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.FormatRetryAfter(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void TryParseRetryAfter_SecondsAndHttpDate()
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.True(RateLimitHeaders.TryParseRetryAfter("7", now, out var a));
        Assert.Equal(TimeSpan.FromSeconds(7), a);
        Assert.True(RateLimitHeaders.TryParseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now, out var b));
        Assert.Equal(TimeSpan.FromSeconds(30), b);
        Assert.False(RateLimitHeaders.TryParseRetryAfter("soon", now, out _));
    }

    [Fact]
    public void Read_AllHeaders_Snapshot()
    {
        var headers = new Dictionary<string, string>
        {
            [RateLimitHeaders.RequestsLimit] = "50",
            [RateLimitHeaders.RequestsRemaining] = "49",
            [RateLimitHeaders.RequestsReset] = "2025-01-01T00:00:02Z",
            [RateLimitHeaders.InputTokensLimit] = "30000",
            [RateLimitHeaders.InputTokensRemaining] = "29000",
            [RateLimitHeaders.RetryAfter] = "3",
        };

        var snapshot = RateLimitSnapshot.Read(n => headers.GetValueOrDefault(n), DateTimeOffset.UnixEpoch);

        Assert.Equal(new RateLimitValue(50, 49, new DateTimeOffset(2025, 1, 1, 0, 0, 2, TimeSpan.Zero)), snapshot.Requests);
        Assert.Equal(29000, snapshot.InputTokens!.Value.Remaining);
        Assert.Null(snapshot.InputTokens.Value.Reset);
        Assert.Null(snapshot.OutputTokens);
        Assert.Equal(TimeSpan.FromSeconds(3), snapshot.RetryAfter);
    }
}
