using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class FaultTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync(new SimulatorOptions
    {
        Faults = new FaultOptions { StallMs = 400, DripIntervalMs = 1, DripBytes = 64 },
    });

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Theory]
    [InlineData("500", 500, "api_error")]
    [InlineData("504", 504, "timeout_error")]
    [InlineData("529", 529, "overloaded_error")]
    [InlineData("400", 400, "invalid_request_error")]
    [InlineData("401", 401, "authentication_error")]
    [InlineData("403", 403, "permission_error")]
    [InlineData("404", 404, "not_found_error")]
    [InlineData("413", 413, "request_too_large")]
    [InlineData("429", 429, "rate_limit_error")]
    [InlineData("503", 503, "overloaded_error")]
    public async Task Post_StatusFaultDirective_ErrorResponse(string fault, int status, string type)
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body($"hi [[sim:fault={fault}]]"));

        await SimTestHelpers.AssertErrorAsync(response, status, type);
    }

    [Fact]
    public async Task Post_ResetDirective_ConnectionFails()
    {
        using var client = SimTestHelpers.Client(_sim);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=reset]]")));
    }

    [Fact]
    public async Task Post_StallDirective_HeadersDelayed()
    {
        using var client = SimTestHelpers.Client(_sim);
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=stall]]"), HttpCompletionOption.ResponseHeadersRead);

        Assert.True(started.ElapsedMilliseconds >= 380, $"{started.ElapsedMilliseconds} ms");
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Post_ErrorEventMidStream_StreamEndsWithErrorEvent()
    {
        using var client = SimTestHelpers.Client(_sim);

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=error-event tokens=40]]", stream: true));
        var events = await response.ReadEventsAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.IsType<MessageStartEvent>(events[0]);
        Assert.Contains(events, e => e is ContentBlockDeltaEvent);
        var error = Assert.IsType<ErrorEvent>(events[^1]);
        Assert.Equal("overloaded_error", error.Error!.Type);
        Assert.DoesNotContain(events, e => e is MessageStopEvent);
    }

    [Fact]
    public async Task Post_CutMidStream_ReadFailsAfterSomeEvents()
    {
        using var client = SimTestHelpers.Client(_sim);
        var seen = 0;

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=cut tokens=60]]", stream: true), HttpCompletionOption.ResponseHeadersRead);
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            await foreach (var evt in SseEventReader.ReadAsync(stream))
            {
                seen++;
            }
        });

        Assert.NotNull(failure);
        Assert.True(seen > 3);
    }

    [Fact]
    public async Task Post_CutNonStreaming_BodyIncomplete()
    {
        using var client = SimTestHelpers.Client(_sim);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=cut]]"));
            await response.Content.ReadAsStringAsync();
        });
    }

    [Fact]
    public async Task Post_StallMidStream_PausesThenCompletes()
    {
        using var client = SimTestHelpers.Client(_sim);
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var response = await client.PostMessageAsync(SimTestHelpers.Body("hi [[sim:fault=stall-mid]]", stream: true), HttpCompletionOption.ResponseHeadersRead);
        var events = await response.ReadEventsAsync();

        Assert.True(started.ElapsedMilliseconds >= 380, $"{started.ElapsedMilliseconds} ms");
        Assert.IsType<MessageStopEvent>(events[^1]);
    }

    [Fact]
    public async Task Post_SlowDrip_CompleteStreamInSmallPieces()
    {
        using var client = SimTestHelpers.Client(_sim);
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var dripped = await client.PostMessageAsync(SimTestHelpers.Body("drip test [[sim:fault=drip tokens=30]]", stream: true));
        var events = await dripped.ReadEventsAsync();

        Assert.IsType<MessageStopEvent>(events[^1]);
        var text = string.Concat(events.OfType<ContentBlockDeltaEvent>().Select(e => ((TextDelta)e.Delta).Text));
        Assert.Equal(30, text.Split(' ').Length);
        Assert.True(started.ElapsedMilliseconds >= 20, $"{started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Post_FaultProbabilityOne_EveryRequestFails()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Keys =
            [
                new SimulatorKeyOptions { Key = "flaky", Faults = new FaultOptions { Overloaded = 1.0 } },
                new SimulatorKeyOptions { Key = "fine" },
            ],
        });
        using var flaky = SimTestHelpers.Client(sim, "flaky");
        using var fine = SimTestHelpers.Client(sim, "fine");

        for (var i = 0; i < 5; i++)
        {
            using var bad = await flaky.PostMessageAsync(SimTestHelpers.Body("x" + i));
            using var good = await fine.PostMessageAsync(SimTestHelpers.Body("x" + i));
            Assert.Equal(529, (int)bad.StatusCode);
            Assert.Equal(200, (int)good.StatusCode);
        }

        Assert.Equal(5, sim.GetStats().Keys[0].Faults);
        Assert.Equal(0, sim.GetStats().Keys[1].Faults);
    }

    [Fact]
    public async Task Post_FaultProbabilityHalf_RoughlyHalfFail()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Faults = new FaultOptions { ApiError = 0.5 } });
        using var client = SimTestHelpers.Client(sim);

        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await client.PostMessageAsync(SimTestHelpers.Body("req " + i));
            failures += (int)response.StatusCode == 500 ? 1 : 0;
        }

        Assert.InRange(failures, 60, 140);
    }
}
