using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Skillgate.Server.Hosting;
using Skillgate.Simulator;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Serve;

/// <summary>
/// <c>skillgate serve</c>: the gateway. Settings come from the config file, then <c>Skillgate__...</c>
/// environment variables, then flags. With no upstream and no <c>ANTHROPIC_API_KEY</c>, it starts the
/// simulator in-process and forwards to it over h2c.
/// </summary>
internal sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeSettings>
{
    public const string AnthropicBaseUrl = "https://api.anthropic.com";

    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        GatewayOptions options;
        try
        {
            options = Load(settings, Environment.GetEnvironmentVariable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }

        SimulatorHost? simulator = null;
        if (options.Upstream.BaseUrl is null)
        {
            simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0 }, cancellationToken);
            options.Upstream.BaseUrl = simulator.Http2Address ?? simulator.BaseAddress;
            options.Upstream.Http2 = simulator.Http2Address is not null;
            options.Upstream.Keys.Clear();
            foreach (var key in simulator.Keys)
            {
                options.Upstream.Keys.Add(key);
            }

            Say($"No upstream configured and no ANTHROPIC_API_KEY: started the built-in Anthropic API simulator at {options.Upstream.BaseUrl.ToString().TrimEnd('/')} (offline).");
        }

        try
        {
            await using var gateway = await GatewayHost.StartAsync(options, services => services.AddLogging(logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning)), cancellationToken);
            var url = gateway.BaseAddress.ToString().TrimEnd('/');
            Say($"Skillgate gateway listening on {url}");
            Say(options.ClientKeys.Count == 0
                ? "  no client keys configured: listening on loopback only, any x-api-key is accepted"
                : $"  {options.ClientKeys.Count} client key(s) configured");
            Say($"  upstream: {options.Upstream.BaseUrl.ToString().TrimEnd('/')} with {options.Upstream.Keys.Count} key(s)");
            Say($"  point an Anthropic SDK at {url}; WebSocket streams at {url.Replace("http", "ws", StringComparison.Ordinal)}/v1/ws");
            Say("Press Ctrl+C to stop.");
            await gateway.WaitForShutdownAsync(cancellationToken);
            Say("Stopping the gateway.");
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {failure}");
            }

            return 2;
        }
        catch (IOException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot listen on port {options.Port}: {ex.Message}");
            return 2;
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    // Whole lines, never wrapped at the console's width: these go to logs too.
    private void Say(string line) => console.Profile.Out.Writer.WriteLine(line);

    /// <summary>Reads the options: config file, then environment (<c>Skillgate__...</c>), then flags, then <c>ANTHROPIC_API_KEY</c>.</summary>
    internal static GatewayOptions Load(ServeSettings settings, Func<string, string?> environment)
    {
        var builder = new ConfigurationBuilder();
        if (settings.Config is { } path)
        {
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        var options = new GatewayOptions();
        builder.Build().GetSection(GatewayOptions.SectionName).Bind(options);

        options.Port = settings.Port ?? options.Port;
        options.ListenAddress = settings.Listen ?? options.ListenAddress;
        if (settings.Upstream is { } upstream)
        {
            options.Upstream.BaseUrl = new Uri(upstream);
        }

        options.Upstream.Http2 |= settings.UpstreamHttp2;
        if (settings.UpstreamKeys.Length > 0)
        {
            options.Upstream.Keys.Clear();
            foreach (var key in settings.UpstreamKeys)
            {
                options.Upstream.Keys.Add(key);
            }
        }

        var apiKey = environment("ANTHROPIC_API_KEY");
        if (options.Upstream.Keys.Count == 0 && !string.IsNullOrWhiteSpace(apiKey))
        {
            options.Upstream.BaseUrl ??= new Uri(AnthropicBaseUrl);
            options.Upstream.Keys.Add(apiKey);
        }

        if (options.Upstream.BaseUrl is not null && options.Upstream.Keys.Count == 0)
        {
            throw new InvalidOperationException("An upstream is configured without keys: pass --upstream-key, set Skillgate__Upstream__Keys__0 or ANTHROPIC_API_KEY.");
        }

        return options;
    }
}
