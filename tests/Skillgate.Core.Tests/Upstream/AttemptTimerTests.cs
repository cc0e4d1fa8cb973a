using Microsoft.Extensions.Time.Testing;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class AttemptTimerTests
{
    [Fact]
    public void Enter_PhaseElapses_ReportsThatPhase()
    {
        var time = new FakeTimeProvider();
        using var timer = new AttemptTimer(time, CancellationToken.None);
        timer.Enter(UpstreamErrorKind.ResponseHeadersTimeout, TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(59));
        timer.Enter(UpstreamErrorKind.FirstTokenTimeout, TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(timer.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(timer.Token.IsCancellationRequested);
        Assert.Equal(UpstreamErrorKind.FirstTokenTimeout, timer.TimedOut);
    }

    [Fact]
    public void Rearm_OnEveryRead_KeepsHealthyStreamOpen()
    {
        var time = new FakeTimeProvider();
        using var timer = new AttemptTimer(time, CancellationToken.None);
        timer.Enter(UpstreamErrorKind.IdleTimeout, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(9));
            timer.Rearm();
        }

        Assert.False(timer.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(UpstreamErrorKind.IdleTimeout, timer.TimedOut);
    }

    [Fact]
    public void CallerCancels_IsNotATimeout()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var timer = new AttemptTimer(time, caller.Token);
        timer.Enter(UpstreamErrorKind.ResponseHeadersTimeout, TimeSpan.FromSeconds(5));
        caller.Cancel();
        Assert.True(timer.Token.IsCancellationRequested);
        Assert.Null(timer.TimedOut);
        Assert.True(timer.CallerCancelled);
    }

    [Fact]
    public void LinkCaller_SecondToken_CancelsAsCaller()
    {
        var time = new FakeTimeProvider();
        using var reader = new CancellationTokenSource();
        using var timer = new AttemptTimer(time, CancellationToken.None);
        timer.LinkCaller(reader.Token);
        reader.Cancel();
        Assert.True(timer.Token.IsCancellationRequested);
        Assert.Null(timer.TimedOut);
    }

    [Fact]
    public void Enter_NegativeRemaining_FiresAtOnce()
    {
        var time = new FakeTimeProvider();
        using var timer = new AttemptTimer(time, CancellationToken.None);
        timer.Enter(UpstreamErrorKind.TotalTimeout, TimeSpan.FromSeconds(-1));
        Assert.Equal(UpstreamErrorKind.TotalTimeout, timer.TimedOut);
    }

    [Fact]
    public void Pause_SlowReader_NotAnIdleUpstream()
    {
        var time = new FakeTimeProvider();
        using var timer = new AttemptTimer(time, CancellationToken.None);
        timer.Enter(UpstreamErrorKind.IdleTimeout, TimeSpan.FromSeconds(10), armed: false);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(timer.Token.IsCancellationRequested);
        timer.Rearm();
        time.Advance(TimeSpan.FromSeconds(9));
        timer.Pause();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(timer.Token.IsCancellationRequested);
        timer.Rearm();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(UpstreamErrorKind.IdleTimeout, timer.TimedOut);
    }
}
