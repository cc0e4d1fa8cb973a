using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Skillgate.Simulator;

namespace Skillgate.Runs.Tests;

/// <summary>
/// Exactly once across <c>kill -9</c>: the real <c>skillgate run</c> as a child process against one simulator that
/// outlives it, killed at random points many times, then resumed until it finishes.
/// </summary>
public sealed partial class RunCrashTests
{
    private const int Items = 60;
    private const int Kills = 6;

    [Fact]
    public async Task Run_KilledWithSigkillManyTimesThenResumed_EveryItemExactlyOnceAndNoStoredAnswerSentAgain()
    {
        var options = new SimulatorOptions { RecordRequests = 10_000, Latency = new LatencyOptions { TimeToFirstTokenMs = 120, TokensPerSecond = 400 } };
        await using var f = await RunFixture.StartAsync(options);
        var input = f.Write("d.jsonl", string.Join('\n', Enumerable.Range(1, Items).Select(i => $$"""{"id":"t{{i}}","text":"ticket {{i}}"}""")));
        var template = f.Write("t.txt", "Summarize {{id}}: {{text}}");
        var output = Path.Combine(f.Directory, "out.jsonl");
        var random = new Random(13);
        string? runId = null;
        var kills = 0;
        for (var round = 0; round < 20; round++)
        {
            string[] args = runId is null
                ? ["run", template, "--input", input, "--output", output]
                : ["run", "--resume", runId];
            using var process = Start([.. args, "--store", f.Store, "--url", f.Simulator.BaseAddress.ToString(), "--api-key", f.Simulator.Keys[0], "--mode", "interactive", "--concurrency", "4"]);
            var lines = new List<string>();
            var reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }
                }
            });

            // Wait for the run to start (its id printed), then kill it at a random point of its sending.
            var started = Stopwatch.StartNew();
            while (!process.HasExited && started.Elapsed < TimeSpan.FromSeconds(30) && !HasRunLine(lines))
            {
                await Task.Delay(20);
            }

            if (kills < Kills)
            {
                await Task.Delay(random.Next(50, 1500));
                if (!process.HasExited)
                {
                    process.Kill(); // SIGKILL: nothing is flushed or closed.
                    kills++;
                }
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await reader;
            lock (lines)
            {
                runId ??= lines.Select(l => RunIdLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            }

            Assert.True(runId is not null, "no run id; output: " + string.Join('\n', lines));
            if (process.ExitCode == 0 && kills >= Kills)
            {
                break;
            }
        }

        Assert.True(kills >= 3, $"only {kills} kill(s) landed before the run finished");
        var results = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(Enumerable.Range(1, Items).Select(i => $"t{i}"), results.Select(r => r.GetProperty("id").GetString()));
        Assert.All(results, r => Assert.Equal("done", r.GetProperty("status").GetString()));

        var sends = f.Simulator.GetRecordedRequests().Where(r => r.PathAndQuery == "/v1/messages")
            .Select(r => MarkerOf().Match(r.BodyText)).Where(m => m.Success).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
        foreach (var result in results)
        {
            var id = result.GetProperty("id").GetString()!;
            var attempts = result.GetProperty("attempts").GetInt32();

            // Every send was claimed in a commit first, and a stored answer is never claimed again: so no item was
            // sent more often than it was claimed, and only a crash while it was in flight adds a claim.
            Assert.InRange(sends.GetValueOrDefault(id), 1, attempts);
            Assert.InRange(attempts, 1, 1 + kills);
        }
    }

    private static bool HasRunLine(List<string> lines)
    {
        lock (lines)
        {
            return lines.Exists(l => RunIdLine().IsMatch(l));
        }
    }

    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "skillgate.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    [GeneratedRegex(@"^Run (run_\w+):")]
    private static partial Regex RunIdLine();

    [GeneratedRegex(@"Summarize (t\d+):")]
    private static partial Regex MarkerOf();
}
