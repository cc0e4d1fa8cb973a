using System.Net.Http.Headers;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }

    [Fact]
    public void Parse_RetryAfterMs_WinsOverRetryAfter()
    {
        var delay = RetryAfterParser.Parse(Headers(("retry-after-ms", "1500"), ("retry-after", "30")), Now);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), delay);
    }

    [Fact]
    public void Parse_RetryAfterSeconds_ReturnsSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterParser.Parse(Headers(("retry-after", "7")), Now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), RetryAfterParser.Parse(Headers(("retry-after", "1.5")), Now));
    }

    [Fact]
    public void Parse_RetryAfterHttpDate_ReturnsDelayFromNow()
    {
        var date = Now.AddSeconds(42).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(42), RetryAfterParser.Parse(Headers(("retry-after", date)), Now));
    }

    [Fact]
    public void Parse_DateInThePast_ReturnsZero()
    {
        var date = Now.AddSeconds(-42).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, RetryAfterParser.Parse(Headers(("retry-after", date)), Now));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("NaN")]
    public void Parse_Garbage_ReturnsNull(string value)
    {
        Assert.Null(RetryAfterParser.Parse(Headers(("retry-after", value)), Now));
    }

    [Fact]
    public void Parse_BadMsFallsBackToRetryAfter()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterParser.Parse(Headers(("retry-after-ms", "x"), ("retry-after", "3")), Now));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("maybe", null)]
    public void ParseShouldRetry_ReadsHint(string value, bool? expected)
    {
        Assert.Equal(expected, RetryAfterParser.ParseShouldRetry(Headers(("x-should-retry", value))));
    }
}
