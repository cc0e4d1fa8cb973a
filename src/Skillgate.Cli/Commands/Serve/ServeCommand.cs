using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Skillgate.Cli.Infrastructure;
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

    private const string S = GatewayOptions.SectionName;
    private const string UpstreamKeys = S + ":Upstream:Keys";

    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IConfiguration configuration;
        try
        {
            configuration = Load(settings, Environment.GetEnvironmentVariable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }

        SimulatorHost? simulator = null;
        if (configuration[S + ":Upstream:BaseUrl"] is null)
        {
            simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0 }, cancellationToken);
            var upstream = simulator.Http2Address ?? simulator.BaseAddress;
            var overrides = new Dictionary<string, string?>(ConfigurationLayers.List(UpstreamKeys, simulator.Keys))
            {
                [S + ":Upstream:BaseUrl"] = upstream.ToString(),
                [S + ":Upstream:Http2"] = simulator.Http2Address is null ? "false" : "true",
            };
            configuration = ConfigurationLayers.Overlay(configuration, S, overrides, UpstreamKeys);
            Say($"No upstream configured and no ANTHROPIC_API_KEY: started the built-in Anthropic API simulator at {upstream.ToString().TrimEnd('/')} (offline).");
        }

        try
        {
            await using var gateway = await GatewayHost.StartAsync(configuration, services => services.AddLogging(logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning)

                // A failed start is reported below in one line, not as the host's stack trace.
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical)), cancellationToken);
            var options = gateway.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var url = gateway.BaseAddress.ToString().TrimEnd('/');
            Say($"Skillgate gateway listening on {url}");
            Say(options.ClientKeys.Count == 0
                ? "  no client keys configured: listening on loopback only, any x-api-key is accepted"
                : $"  {options.ClientKeys.Count} client key(s) configured");
            Say($"  upstream: {options.Upstream.BaseUrl!.ToString().TrimEnd('/')} with {options.Upstream.Keys.Count} key(s)");
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
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or InvalidCastException or ArgumentException)
        {
            // The configuration binder: a value of the wrong type; its message names the key.
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
        catch (IOException ex) when (PortInUse.Is(ex))
        {
            Say(PortInUse.Message(configuration.GetValue(S + ":Port", new GatewayOptions().Port)));
            return PortInUse.ExitCode;
        }
        catch (IOException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot listen: {ex.Message}");
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

    /// <summary>
    /// The gateway's configuration: the config file, then environment variables (<c>Skillgate__...</c>), then the flags
    /// (a flag's key list replaces the configured one), then <c>ANTHROPIC_API_KEY</c> when no key is configured.
    /// Binding and validation are the gateway's (<c>GatewayHost.StartAsync(IConfiguration)</c>).
    /// </summary>
    internal static IConfiguration Load(ServeSettings settings, Func<string, string?> environment)
    {
        var builder = new ConfigurationBuilder();
        if (settings.Config is { } path)
        {
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        var configured = builder.AddEnvironmentVariables().Build();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Set(overrides, S + ":Port", settings.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(overrides, S + ":ListenAddress", settings.Listen);
        Set(overrides, S + ":Upstream:BaseUrl", settings.Upstream);
        Set(overrides, S + ":Upstream:Http2", settings.UpstreamHttp2 ? "true" : null);
        var keys = settings.UpstreamKeys.Length > 0
            ? settings.UpstreamKeys
            : configured.GetSection(UpstreamKeys).GetChildren().Select(k => k.Value).OfType<string>().ToArray();
        var baseUrl = settings.Upstream ?? configured[S + ":Upstream:BaseUrl"];
        if (keys.Length == 0 && environment("ANTHROPIC_API_KEY") is { Length: > 0 } apiKey && !string.IsNullOrWhiteSpace(apiKey))
        {
            keys = [apiKey];
            baseUrl ??= AnthropicBaseUrl;
            Set(overrides, S + ":Upstream:BaseUrl", baseUrl);
        }

        if (baseUrl is not null && keys.Length == 0)
        {
            throw new InvalidOperationException("An upstream is configured without keys: pass --upstream-key, set Skillgate__Upstream__Keys__0 or ANTHROPIC_API_KEY.");
        }

        foreach (var (key, value) in ConfigurationLayers.List(UpstreamKeys, keys))
        {
            overrides[key] = value;
        }

        return ConfigurationLayers.Overlay(configured, S, overrides, UpstreamKeys);
    }

    private static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
