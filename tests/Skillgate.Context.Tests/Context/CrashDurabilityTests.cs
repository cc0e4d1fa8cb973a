using System.Diagnostics;
using Skillgate.Context;
using Skillgate.Storage;

namespace Skillgate.Core.Tests.Context;

public sealed class CrashDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(200)]
    [InlineData(700)]
    public async Task AppendAsync_WriterKilledWithSigkill_EveryAcknowledgedAppendSurvives(int runMilliseconds)
    {
        var database = Path.Combine(_directory.Path, "crash.db");
        var helper = Path.Combine(AppContext.BaseDirectory, "Skillgate.CrashWriter.dll");
        var lastAck = 0L;
        for (var round = 0; round < 2; round++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(helper);
            start.ArgumentList.Add(database);
            start.ArgumentList.Add("conv");
            using var process = Process.Start(start)!;
            var acks = new List<long>();
            var reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (acks)
                    {
                        acks.Add(long.Parse(line.AsSpan(4), provider: null));
                    }
                }
            });

            var stopwatch = Stopwatch.StartNew();
            while (Count(acks) < 5 && stopwatch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            await Task.Delay(runMilliseconds);
            process.Kill(); // SIGKILL on Unix: no chance to flush or close anything.
            await process.WaitForExitAsync();
            await reader;
            Assert.True(acks.Count >= 5, "the writer acknowledged too few appends before it was killed");
            Assert.True(acks[0] > lastAck);
            lastAck = acks[^1];
        }

        var store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = database });
        var entries = await store.ReadAsync("conv");
        Assert.True(entries.Count >= lastAck, $"acknowledged version {lastAck}, found {entries.Count} entries");
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(entries.Count, await store.GetVersionAsync("conv"));
        for (var i = 0; i < entries.Count; i += 2)
        {
            Assert.Contains($"question {i / 2}\"", entries[i].Json, StringComparison.Ordinal);
            Assert.Contains($"answer {i / 2}\"", entries[i + 1].Json, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _directory.Dispose();

    private static int Count(List<long> acks)
    {
        lock (acks)
        {
            return acks.Count;
        }
    }
}
