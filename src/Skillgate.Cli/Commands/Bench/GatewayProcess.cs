using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>
/// <c>skillgate serve</c> in a child process, forwarding to a given upstream: its memory is measured apart
/// from the load generator's, and its open files count against its own limit.
/// </summary>
internal sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The per-minute limits configured with <c>configureLimits</c>: the simulator's nominal limit of a key without limits.</summary>
    private static readonly string ConfiguredLimit = Simulator.SimulatorOptions.DefaultUnlimitedNominalLimit.ToString(CultureInfo.InvariantCulture);

    public static async Task<GatewayProcess> StartAsync(Uri upstream, string upstreamKey, bool upstreamHttp2, bool serverGc, CancellationToken cancellationToken, bool configureLimits = false)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.FileName = self;
            start.ArgumentList.Add(typeof(GatewayProcess).Assembly.Location);
        }
        else
        {
            start.FileName = self;
        }

        foreach (var arg in (string[])["serve", "--port", "0", "--upstream", upstream.ToString(), "--upstream-key", upstreamKey])
        {
            start.ArgumentList.Add(arg);
        }

        if (upstreamHttp2)
        {
            start.ArgumentList.Add("--upstream-http2");
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        if (configureLimits)
        {
            // The simulator's nominal limits, configured: the gateway neither probes nor needs headers.
            start.Environment["Skillgate__Upstream__RequestsPerMinute"] = ConfiguredLimit;
            start.Environment["Skillgate__Upstream__InputTokensPerMinute"] = ConfiguredLimit;
            start.Environment["Skillgate__Upstream__OutputTokensPerMinute"] = ConfiguredLimit;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway process");
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = UrlPattern().Match(line);
            if (match.Success)
            {
                _ = DrainAsync(process.StandardOutput);
                return new GatewayProcess(process, new Uri(match.Groups[1].Value));
            }
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException("the gateway process exited before printing its URL");
    }

    /// <summary>The gateway's resident memory (VmRSS), in bytes; 0 where /proc is not available.</summary>
    public long ResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    [GeneratedRegex(@"gateway listening on (http://\S+)")]
    private static partial Regex UrlPattern();
}
