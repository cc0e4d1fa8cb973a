using Microsoft.Extensions.Options;
using Skillgate.Server.Hosting;
using Skillgate.Simulator;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>
/// <c>skillgate chat</c>: a conversation with persistent memory, each answer streamed as it is generated, showing how
/// much of the budget each turn uses. It hosts the gateway in-process on a loopback port and talks to its
/// <c>/v1/conversations</c> endpoints, so a turn in the terminal takes exactly the path a turn through
/// <c>skillgate serve</c> does (store, view, pipeline, persistence); without an API key, over the simulator.
/// </summary>
internal sealed class ChatCommand(IAnsiConsole console) : AsyncCommand<ChatSettings>
{
    public const string SummaryModel = "claude-haiku-4-5";

    public override async Task<int> ExecuteAsync(CommandContext context, ChatSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new GatewayOptions { ListenAddress = "127.0.0.1", Port = 0 };
        options.Conversations.Store = settings.Database;
        var apiKey = settings.Offline ? null : Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY");
        SimulatorHost? simulator = null;
        if (string.IsNullOrEmpty(apiKey))
        {
            SimulatorOptions simulatorOptions;
            try
            {
                simulatorOptions = settings.SimConfig is { } path ? SimulatorOptions.Load(path) : new SimulatorOptions();
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return 2;
            }

            simulatorOptions.Port = 0;
            simulatorOptions.Http2Port = -1;
            simulatorOptions.Host = "127.0.0.1";
            simulator = await SimulatorHost.StartAsync(simulatorOptions, cancellationToken);
            options.Upstream.BaseUrl = simulator.BaseAddress;
            foreach (var key in simulator.Keys)
            {
                options.Upstream.Keys.Add(key);
            }

            console.MarkupLineInterpolated($"[yellow]No ANTHROPIC_API_KEY: talking to the built-in simulator at {simulator.BaseAddress} (replies are placeholder text).[/]");
        }
        else
        {
            options.Upstream.BaseUrl = new Uri(Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL") ?? Serve.ServeCommand.AnthropicBaseUrl);
            options.Upstream.Keys.Add(apiKey);

            // The simulator's replies are placeholder text, not the JSON a summary needs: only a real upstream summarizes with Claude.
            options.Conversations.SummaryModel = SummaryModel;
        }

        try
        {
            await using var gateway = await GatewayHost.StartAsync(options, cancellationToken: cancellationToken);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
            {
                BaseAddress = gateway.BaseAddress,
                Timeout = Timeout.InfiniteTimeSpan,
            };
            http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
            return await new ChatLoop(console, new ConversationClient(http), settings).RunAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {failure}");
            }

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
}
