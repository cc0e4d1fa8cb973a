using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>A non-streaming answer is buffered whole, so its size is bounded by <see cref="UpstreamOptions.MaxResponseBodyBytes"/>.</summary>
public sealed class ResponseBodyLimitTests
{
    private const int Limit = 64 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_AnswerAtLimit_Accepted(bool declareLength)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.LargeJson(Limit, declareLength));
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.MaxResponseBodyBytes = Limit;
        using var client = new UpstreamClient(options);

        var response = await client.SendAsync(TransportFixture.Request(stream: false));

        Assert.Equal(Limit, response.Body.Length);
        Assert.Equal(new UpstreamUsage(10, 2), response.Usage);
        Assert.Equal(1, response.Attempts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_AnswerOverLimitEveryTime_FailsWithProtocolViolation(bool declareLength)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.LargeJson(Limit + 1, declareLength)).Then(ScriptedUpstream.LargeJson(4 * Limit, declareLength));
        var options = TransportFixture.Options(upstream.BaseAddress, maxRetries: 1);
        options.MaxResponseBodyBytes = Limit;
        using var client = new UpstreamClient(options);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));

        Assert.Equal(UpstreamErrorKind.ProtocolViolation, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Equal("api_error", error.ErrorType);
        Assert.Contains($"larger than {Limit} bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, upstream.Requests);
        Assert.Equal(0, client.InFlight);
    }

    [Fact]
    public async Task SendAsync_AnswerOverLimitOnce_RetriedAndSucceeds()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.LargeJson(2 * Limit, declareLength: false));
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.MaxResponseBodyBytes = Limit;
        using var client = new UpstreamClient(options);

        var response = await client.SendAsync(TransportFixture.Request(stream: false));

        Assert.Equal(ScriptedUpstream.Json, System.Text.Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(2, response.Attempts);
    }
}
