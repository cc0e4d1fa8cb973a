using Skillgate.Cli.Infrastructure;
using Skillgate.Simulator;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Sim;

/// <summary><c>skillgate sim</c>: runs the Anthropic API simulator until Ctrl+C.</summary>
internal sealed class SimCommand(IAnsiConsole console) : AsyncCommand<SimSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SimSettings settings, CancellationToken cancellationToken)
    {
        SimulatorOptions options;
        try
        {
            options = settings.Config is null ? new SimulatorOptions() : SimulatorOptions.Load(settings.Config);
            options.Port = settings.Port;
            options.Http2Port = settings.Http2Port ?? (settings.Port == 0 ? 0 : settings.Port + 1);
            options.Host = settings.Host ?? options.Host;
            options.Seed = settings.Seed ?? options.Seed;
            options.RateLimitHeaders &= !settings.NoRateLimitHeaders;
            options.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }

        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options, cancellationToken);
        }
        catch (IOException ex) when (PortInUse.Is(ex))
        {
            console.Profile.Out.Writer.WriteLine(PortInUse.Message(PortInUse.Which(options.Host, options.Port, options.Http2Port)));
            return PortInUse.ExitCode;
        }
        catch (IOException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot listen on port {options.Port}: {ex.Message}");
            return 2;
        }

        await using (host)
        {
            PrintReady(host);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.WriteLine("Stopping the simulator.");
            }
        }

        return 0;
    }

    private void PrintReady(SimulatorHost host)
    {
        var baseUrl = host.BaseAddress.ToString().TrimEnd('/');
        console.WriteLine($"Anthropic API simulator listening on {baseUrl} (offline)");
        if (host.Http2Address is { } h2)
        {
            console.WriteLine($"  h2c (HTTP/2 prior knowledge): {h2.ToString().TrimEnd('/')}");
        }

        var keys = host.Options.Keys;
        if (keys.Count == 0)
        {
            console.WriteLine($"  key: {SimulatorOptions.DefaultKey} (no rate limits)");
        }
        else
        {
            foreach (var key in keys)
            {
                console.WriteLine($"  key: {key.Key} (rpm {Limit(key.RequestsPerMinute)}, itpm {Limit(key.InputTokensPerMinute)}, otpm {Limit(key.OutputTokensPerMinute)})");
            }
        }

        console.WriteLine($"  seed: {host.Options.Seed}; stats: {baseUrl}/sim/stats");
        console.WriteLine("Press Ctrl+C to stop.");
    }

    private static string Limit(int value) => value == 0 ? "unlimited" : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
