using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Post_OverRequestsPerMinute_429WithRetryAfterAndHeaders()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Keys = [new SimulatorKeyOptions { Key = "k", RequestsPerMinute = 3, InputTokensPerMinute = 100_000, OutputTokensPerMinute = 50_000 }],
        });
        using var client = SimTestHelpers.Client(sim, "k");

        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.PostMessageAsync(SimTestHelpers.Body("hi", maxTokens: 10));
            Assert.Equal(200, (int)ok.StatusCode);
            Assert.Equal((2 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues(RateLimitHeaders.RequestsRemaining).Single());
        }

        using var refused = await client.PostMessageAsync(SimTestHelpers.Body("hi", maxTokens: 10));

        var retryAfter = int.Parse(refused.Headers.GetValues(RateLimitHeaders.RetryAfter).Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 20);
        Assert.Equal("3", refused.Headers.GetValues(RateLimitHeaders.RequestsLimit).Single());
        Assert.Equal("100000", refused.Headers.GetValues(RateLimitHeaders.InputTokensLimit).Single());
        Assert.Equal("50000", refused.Headers.GetValues(RateLimitHeaders.OutputTokensLimit).Single());
        Assert.True(refused.Headers.Contains(RateLimitHeaders.TokensLimit));
        Assert.True(RateLimitHeaders.TryParseReset(refused.Headers.GetValues(RateLimitHeaders.RequestsReset).Single(), out var reset));
        Assert.InRange(reset - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(62));
        await SimTestHelpers.AssertErrorAsync(refused, 429, "rate_limit_error", "3 requests per minute");
        var stats = sim.GetStats();
        Assert.Equal(1, stats.RateLimited);
        Assert.Equal(1, stats.Keys[0].RateLimited);
        Assert.Equal(4, stats.Keys[0].Requests);
    }

    [Fact]
    public async Task Post_OverInputTokens_429NamesInputTokens()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Keys = [new SimulatorKeyOptions { Key = "k", InputTokensPerMinute = 1_000 }],
        });
        using var client = SimTestHelpers.Client(sim, "k");
        var big = new string('a', 600 * 4);

        using var first = await client.PostMessageAsync(SimTestHelpers.Body(big + " word"));
        using var second = await client.PostMessageAsync(SimTestHelpers.Body(big + " word"));

        Assert.Equal(200, (int)first.StatusCode);
        await SimTestHelpers.AssertErrorAsync(second, 429, "rate_limit_error", "input tokens per minute");
    }

    [Fact]
    public async Task Post_OutputReservedAsMaxTokens_SettledToActual()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Keys = [new SimulatorKeyOptions { Key = "k", OutputTokensPerMinute = 1_000 }],
        });
        using var client = SimTestHelpers.Client(sim, "k");

        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:tokens=10]]", maxTokens: 900));
            Assert.Equal(200, (int)ok.StatusCode);
            var remaining = long.Parse(ok.Headers.GetValues(RateLimitHeaders.OutputTokensRemaining).Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(remaining, 0, 1_000 - 900);
        }

        Assert.Equal(50, sim.GetStats().OutputTokens);
    }

    [Fact]
    public async Task Post_OverCapacity_529Overloaded()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { MaxConcurrentRequests = 1 });
        using var client = SimTestHelpers.Client(sim);

        var slow = client.PostMessageAsync(SimTestHelpers.Body("slow [[sim:ttft=1500]]"));
        await WaitUntilAsync(() => sim.GetStats().InFlight == 1);
        using var refused = await client.PostMessageAsync(SimTestHelpers.Body("fast"));
        using var slowResponse = await slow;

        await SimTestHelpers.AssertErrorAsync(refused, 529, "overloaded_error", "Overloaded");
        Assert.Equal(200, (int)slowResponse.StatusCode);
        Assert.Equal(1, sim.GetStats().Overloaded);
        Assert.Equal(2, sim.GetStats().PeakInFlight);
    }

    [Fact]
    public async Task Responses_DefaultKeyWithoutLimits_EveryResponseHasNominalHeaders()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { StrictModels = true, Models = ["claude-sonnet-4-5"] });
        using var client = SimTestHelpers.Client(sim);
        var responses = new List<HttpResponseMessage>
        {
            await client.PostMessageAsync(SimTestHelpers.Body("hi")),
            await client.PostMessageAsync(SimTestHelpers.Body("hi", stream: true)),
            await client.PostAsync("/v1/messages/count_tokens", SimTestHelpers.Json("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""")),
            await client.GetAsync("/v1/models"),
            await client.PostMessageAsync("{"),
            await client.PostMessageAsync(SimTestHelpers.Body("hi", model: "claude-unknown")),
            await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=403]]")),
            await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=529]]")),
            await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=429]]")),
        };

        Assert.Equal([200, 200, 200, 200, 400, 404, 403, 529, 429], responses.Select(r => (int)r.StatusCode));
        foreach (var response in responses)
        {
            foreach (var family in new[] { "requests", "tokens", "input-tokens", "output-tokens" })
            {
                Assert.Equal("1000000", response.Headers.GetValues($"anthropic-ratelimit-{family}-limit").Single());
                Assert.Equal("1000000", response.Headers.GetValues($"anthropic-ratelimit-{family}-remaining").Single());
                Assert.True(RateLimitHeaders.TryParseReset(response.Headers.GetValues($"anthropic-ratelimit-{family}-reset").Single(), out var reset));
                Assert.InRange(reset - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal("1", responses[^1].Headers.GetValues(RateLimitHeaders.RetryAfter).Single());
        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Post_OnlyRequestsLimited_429KeepsRetryAfterAndTokenFamiliesNominal()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            UnlimitedNominalLimit = 250_000,
            Keys = [new SimulatorKeyOptions { Key = "k", RequestsPerMinute = 2, OutputTokensPerMinute = 8_000 }],
        });
        using var client = SimTestHelpers.Client(sim, "k");

        using var ok = await client.PostMessageAsync(SimTestHelpers.Body("hi", maxTokens: 10));
        using var ok2 = await client.PostMessageAsync(SimTestHelpers.Body("hi", maxTokens: 10));
        using var refused = await client.PostMessageAsync(SimTestHelpers.Body("hi", maxTokens: 10));

        await SimTestHelpers.AssertErrorAsync(refused, 429, "rate_limit_error", "2 requests per minute");
        var retryAfter = int.Parse(refused.Headers.GetValues(RateLimitHeaders.RetryAfter).Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 31);
        Assert.Equal("2", refused.Headers.GetValues(RateLimitHeaders.RequestsLimit).Single());
        Assert.Equal("0", refused.Headers.GetValues(RateLimitHeaders.RequestsRemaining).Single());
        Assert.Equal("250000", refused.Headers.GetValues(RateLimitHeaders.InputTokensLimit).Single());
        Assert.Equal("250000", refused.Headers.GetValues(RateLimitHeaders.InputTokensRemaining).Single());
        Assert.Equal("8000", refused.Headers.GetValues(RateLimitHeaders.OutputTokensLimit).Single());
        Assert.Equal("8000", refused.Headers.GetValues(RateLimitHeaders.TokensLimit).Single());
        Assert.False(ok.Headers.Contains(RateLimitHeaders.RetryAfter));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }
}
