using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Simulator;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary><c>skillgate bench sim</c>: measures the simulator alone (in-process, or a running one with
/// <c>--url</c>): small non-streaming requests per second, then N streams held open at once over h2c.</summary>
internal sealed class SimBenchCommand(IAnsiConsole console) : AsyncCommand<SimBenchSettings>
{
    private static readonly byte[] SmallBody = Encoding.UTF8.GetBytes(
        """{"model":"claude-haiku-4-5","max_tokens":16,"messages":[{"role":"user","content":"ping [[sim:tokens=8]]"}]}""");

    public override async Task<int> ExecuteAsync(CommandContext context, SimBenchSettings settings, CancellationToken cancellationToken)
    {
        await using var sim = await SimTarget.StartAsync(settings, cancellationToken);
        var result = new SimBenchResult { InProcess = sim.InProcess };
        if (settings.Requests > 0)
        {
            await RunRequestsAsync(sim, settings, result, cancellationToken);
        }

        if (settings.Streams > 0)
        {
            await SimStreamsBench.RunAsync(sim, settings, result, cancellationToken);
        }

        Print(settings, result);
        return result.RequestErrors == 0 && result.StreamsLost == 0 ? 0 : 1;
    }

    private static async Task RunRequestsAsync(SimTarget sim, SimBenchSettings settings, SimBenchResult result, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Concurrency,
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
        };
        using var invoker = new HttpMessageInvoker(handler);
        var uri = new Uri(settings.Http2 ? sim.Http2Address : sim.BaseAddress, "/v1/messages");
        var version = settings.Http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        var latencies = new long[settings.Requests];
        long next = -1, errors = 0;

        async Task WorkerAsync()
        {
            var buffer = new byte[4096];
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= latencies.Length)
                {
                    return;
                }

                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, uri)
                {
                    Version = version,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(SmallBody),
                };
                request.Headers.TryAddWithoutValidation("x-api-key", SimulatorOptions.DefaultKey);
                using var response = await invoker.SendAsync(request, ct);
                await using var stream = await response.Content.ReadAsStreamAsync(ct);
                while (await stream.ReadAsync(buffer, ct) > 0)
                {
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[i] = Stopwatch.GetTimestamp() - start;
            }
        }

        // Warm-up so connection setup and JIT are not measured.
        var warm = settings.Concurrency * 20;
        var warmLatencies = latencies;
        latencies = new long[Math.Min(warm, warmLatencies.Length)];
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(WorkerAsync, ct)));
        latencies = warmLatencies;
        next = -1;
        errors = 0;

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(WorkerAsync, ct)));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Array.Sort(latencies);
        result.Protocol = settings.Http2 ? "h2c" : "HTTP/1.1";
        result.Requests = latencies.Length;
        result.RequestErrors = errors;
        result.RequestsPerSecond = latencies.Length / elapsed.TotalSeconds;
        result.P50Ms = Stopwatch.GetElapsedTime(0, latencies[latencies.Length / 2]).TotalMilliseconds;
        result.P99Ms = Stopwatch.GetElapsedTime(0, latencies[(int)(latencies.Length * 0.99)]).TotalMilliseconds;
    }

    private void Print(SimBenchSettings settings, SimBenchResult result)
    {
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(result, SimBenchJsonContext.Default.SimBenchResult));
            return;
        }

        var table = new Table().AddColumns("scenario", "result");
        if (result.Requests > 0)
        {
            table.AddRow($"{result.Requests:N0} small non-streaming requests, {settings.Concurrency} in flight, {result.Protocol}",
                string.Create(CultureInfo.InvariantCulture,
                    $"{result.RequestsPerSecond:N0} req/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, {result.RequestErrors} errors"));
        }

        if (result.Streams > 0)
        {
            table.AddRow($"{result.Streams:N0} concurrent streams over h2c",
                string.Create(CultureInfo.InvariantCulture,
                    $"peak {result.StreamsPeakConcurrent:N0} open, {result.StreamsCompleted:N0} completed, {result.StreamsLost} lost, {result.StreamsSeconds:F1} s, {result.StreamsMemoryMb:F0} MB managed heap growth"));
        }

        console.Write(table);
    }
}
