using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Protocol;
using Skillgate.Scheduling;
using Skillgate.Upstream;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

/// <summary>
/// Random arrival sequences against a fake clock: the buckets never admit beyond their limits over any
/// window, no waiter outlives its deadline, and every admitted request is released in the end. In half the
/// scenarios key <c>a</c> starts with unknown limits: its probes (one at a time, alone on the key) are not bound
/// by limits nobody knows yet; everything admitted after them is, by the limits its answers report (or by the
/// fallback when they carry no headers; both are the generated limits here).
/// </summary>
public class SchedulerPropertyTests
{
    private static readonly Gen<int[]> ArrivalGen = Gen.Int[0, 1_000_000].Array[10];
    private static readonly Gen<(int[] Limits, int[][] Arrivals)> ScenarioGen =
        Gen.Select(Gen.Int[0, 1_000_000].Array[4], ArrivalGen.Array[1, 60]);

    [Fact]
    public void Buckets_RandomArrivals_NeverAdmitBeyondLimitsOverAnyWindow()
    {
        ScenarioGen.Sample(s => Simulation.Run(s.Limits, s.Arrivals).AssertWithinLimits(), iter: 150);
    }

    [Fact]
    public void AdmitAsync_RandomArrivals_EveryAdmittedRequestIsReleasedAndNoWaiterOutlivesItsDeadline()
    {
        ScenarioGen.Sample(s => Simulation.Run(s.Limits, s.Arrivals).AssertAllReleased(), iter: 150);
    }

    private sealed class Simulation
    {
        private readonly FakeTimeProvider _time = new(Start);
        private readonly AdmissionScheduler _scheduler;
        private readonly SchedulerOptions _options;
        private readonly List<(string Key, double At, Demand Amount, bool Probe)> _admitted = [];
        private readonly List<(string Key, double At, Demand Amount, bool Probe)> _refunded = [];
        private readonly List<Pending> _pending = [];
        private readonly List<Held> _held = [];
        private int _released;

        private Simulation(int[] limits)
        {
            var keys = new List<SchedulerKeyOptions> { Key("a", rpm: 5 + (limits[0] % 96), itpm: 5_000 + (limits[1] % 45_001), otpm: 4_000 + (limits[2] % 16_001)) };
            keys[0].LimitsUnknown = limits[1] / 7 % 2 == 1;
            if (limits[3] % 2 == 1)
            {
                keys.Add(Key("b", rpm: 5 + (limits[3] % 50), itpm: 10_000, otpm: 10_000));
            }

            _options = Options([.. keys]);
            _options.Upstreams[0].Concurrency = new ConcurrencyOptions { InitialLimit = 4 + (limits[0] % 30), MaxLimit = 64 };
            _options.KeySelection = (KeySelectionPolicy)(limits[1] % 3);
            _options.OutputAllowance = (OutputAllowanceMode)(limits[2] % 2);
            _scheduler = Create(_options, _time);
        }

        private double Now => _scheduler.CurrentTime;

        public static Simulation Run(int[] limits, int[][] arrivals)
        {
            var sim = new Simulation(limits);
            sim.Execute(arrivals);
            return sim;
        }

        public void AssertWithinLimits()
        {
            foreach (var key in _options.Upstreams[0].Keys)
            {
                // Unknown limits that no answer reported are never guessed: only the reported ones bound admission.
                var state = _scheduler.Pool.Keys.Single(k => k.Name == key.Name);
                if (key.LimitsUnknown && state.AllBuckets.Any(b => !b.Value.LimitsKnown || b.Value.RequestsLearned))
                {
                    continue;
                }

                var l = key.Limits;
                Check(key.Name, l.RequestsPerMinute, d => d.Requests);
                Check(key.Name, l.InputTokensPerMinute, d => d.InputTokens);
                Check(key.Name, l.OutputTokensPerMinute, d => d.OutputTokens);
            }
        }

        public void AssertAllReleased()
        {
            Assert.Empty(_pending);
            Assert.Empty(_held);
            Assert.Equal(_admitted.Count, _released);
            Assert.Equal(0, _scheduler.QueueLength);
            Assert.Equal(0, _scheduler.Pool.Upstreams[0].Limiter.InFlight);
            Assert.All(_scheduler.Pool.Keys, k => Assert.Equal(0, k.InFlight));
        }

        private void Check(string key, double perMinute, Func<Demand, double> dimension)
        {
            var rate = perMinute / 60.0;
            var admitted = _admitted.Where(a => a.Key == key && !a.Probe).OrderBy(a => a.At).ToList();
            var refunds = _refunded.Where(r => r.Key == key && !r.Probe).ToList();
            for (var i = 0; i < admitted.Count; i++)
            {
                double sum = 0;
                for (var j = i; j < admitted.Count; j++)
                {
                    sum += dimension(admitted[j].Amount);
                    var (from, to) = (admitted[i].At, admitted[j].At);
                    var refunded = refunds.Where(r => r.At >= from - 1e-9 && r.At <= to + 1e-9).Sum(r => Math.Max(0, dimension(r.Amount)));
                    var bound = perMinute + (rate * (to - from)) + refunded;
                    Assert.True(sum <= bound + 1e-6, $"key {key}: {sum} admitted in [{from:0.###}, {to:0.###}] s, bound {bound:0.###}");
                }
            }
        }

        private void Execute(int[][] arrivals)
        {
            var next = 0;
            double arrivalAt = 0;
            for (var step = 0; step < 100_000; step++)
            {
                Poll();
                var nextArrival = next < arrivals.Length ? arrivalAt + (arrivals[next][0] % 3000 / 1000.0) : double.PositiveInfinity;
                var nextEvent = Math.Min(nextArrival, Math.Min(
                    _held.Count > 0 ? _held.Min(h => h.ReleaseAt) : double.PositiveInfinity,
                    _pending.Count > 0 ? Math.Min(_pending.Min(p => p.CancelAt), Now + 0.5) : double.PositiveInfinity));
                if (double.IsPositiveInfinity(nextEvent))
                {
                    break;
                }

                if (nextEvent > Now)
                {
                    _time.Advance(TimeSpan.FromTicks((long)Math.Ceiling((nextEvent - Now) * TimeSpan.TicksPerSecond)));
                }

                Poll();
                if (next < arrivals.Length && nextArrival <= Now + 1e-9)
                {
                    Arrive(arrivals[next++]);
                    arrivalAt = Now;
                    Poll();
                }

                foreach (var p in _pending.Where(p => p.CancelAt <= Now + 1e-9).ToList())
                {
                    p.Cts.Cancel();
                }

                foreach (var h in _held.Where(h => h.ReleaseAt <= Now + 1e-9).ToList())
                {
                    _held.Remove(h);
                    Release(h);
                    Poll();
                }
            }

            _scheduler.Dispose();
        }

        private void Arrive(int[] v)
        {
            var deadline = _time.GetUtcNow().AddSeconds(v[8] % 61);
            var request = Request(
                input: v[1] % 6000,
                maxTokens: 1 + (v[2] % 5000),
                tenant: $"t{v[7] % 4}",
                priority: (RequestPriority)(v[6] % 2),
                deadline: deadline);
            var cts = new CancellationTokenSource();
            var cancelAt = v[9] % 10 == 0 ? Now + (v[4] % 20_000 / 1000.0) : double.PositiveInfinity;
            _pending.Add(new Pending(_scheduler.AdmitAsync(request, cts.Token).AsTask(), v, cts, cancelAt, (deadline - Start).TotalSeconds));
        }

        private void Poll()
        {
            foreach (var p in _pending.ToList())
            {
                if (!p.Task.IsCompleted)
                {
                    // Never late: once the clock passed a waiter's deadline (by more than the timer's millisecond), it has its answer.
                    Assert.True(Now <= p.Deadline + 0.001, $"waiter still queued at {Now:0.###} s past its deadline {p.Deadline:0.###} s");
                    continue;
                }

                _pending.Remove(p);
                p.Cts.Dispose();
                if (p.Task.IsCompletedSuccessfully && p.Task.Result.IsAdmitted)
                {
                    var lease = p.Task.Result.Lease!;
                    _admitted.Add((lease.KeyName, lease.AdmittedAt, lease.Reserved, lease.LearnsLimits));
                    _held.Add(new Held(lease, p.Values, Now + (p.Values[4] % 20_000 / 1000.0)));
                    var onKey = _held.Where(h => h.Lease.KeyName == lease.KeyName).ToList();
                    Assert.True(!onKey.Any(h => h.Lease.LearnsLimits) || onKey.Count == 1, $"a probe of key {lease.KeyName} shares it with {onKey.Count - 1} other leases");
                }
            }
        }

        private void Release(Held h)
        {
            var lease = h.Lease;
            var v = h.Values;
            var reserved = lease.Reserved;
            Demand refund;
            switch (v[5] % 6)
            {
                case 3:
                    lease.Dispose();
                    refund = reserved;
                    break;
                case 4:
                    lease.Fail();
                    refund = new Demand(0, 0, reserved.OutputTokens);
                    break;
                case 5:
                    lease.RateLimited(TimeSpan.FromSeconds(1 + (v[5] % 5)));
                    refund = new Demand(0, reserved.InputTokens, reserved.OutputTokens);
                    break;
                default:
                    var input = (long)(reserved.InputTokens * (0.5 + (v[3] % 100 / 100.0)));
                    var output = (long)(reserved.OutputTokens * (v[3] % 101) / 100.0);
                    lease.Complete(new TokenUsage(input, output), lease.LearnsLimits && v[3] % 4 != 0 ? Report(lease.KeyName, input, output) : null);
                    refund = new Demand(0, reserved.InputTokens - input, reserved.OutputTokens - output);
                    break;
            }

            _refunded.Add((lease.KeyName, Now, refund, lease.LearnsLimits));
            _released++;
        }

        // The headers of a probe's answer: the key's limits, less what the probe used.
        private RateLimitSnapshot Report(string key, long input, long output)
        {
            var limits = _options.Upstreams[0].Keys.Single(k => k.Name == key).Limits;
            return new RateLimitSnapshot
            {
                Requests = new RateLimitValue(limits.RequestsPerMinute, limits.RequestsPerMinute - 1, null),
                InputTokens = new RateLimitValue(limits.InputTokensPerMinute, Math.Max(0, limits.InputTokensPerMinute - input), null),
                OutputTokens = new RateLimitValue(limits.OutputTokensPerMinute, Math.Max(0, limits.OutputTokensPerMinute - output), null),
            };
        }

        private sealed record Pending(Task<AdmissionResult> Task, int[] Values, CancellationTokenSource Cts, double CancelAt, double Deadline);

        private sealed record Held(KeyLease Lease, int[] Values, double ReleaseAt);
    }
}
