using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli;

/// <summary>Builds and runs the <c>skillgate</c> command line; tests call it with their own console.</summary>
public static class SkillgateApp
{
    /// <summary>Runs the command line with <paramref name="args"/>, writing to <paramref name="console"/>.</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddSingleton(console);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var app = new CommandApp(new TypeRegistrar(services));
            app.Configure(config =>
            {
                config.SetApplicationName("skillgate");
                config.SetApplicationVersion(Version);

                // An unknown option or a stray argument is a mistake to report, never ignored: `sim --prot 4000` must not start on 4000's default.
                config.Settings.StrictParsing = true;
                config.Settings.Console = console;
                config.PropagateExceptions();
                Configure(config);
            });
            return await app.RunAsync(args, cts.Token);
        }
        catch (CommandAppException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The version <c>skillgate --version</c> prints: the informational version without its source revision.</summary>
    public static string Version { get; } = (typeof(SkillgateApp).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    // One line per command; each command lives in the folder named after it.
    private static void Configure(IConfigurator config)
    {
        config.AddCommand<Commands.Sim.SimCommand>("sim").WithDescription("Run the Anthropic API simulator (offline).");
        config.AddCommand<Commands.Chat.ChatCommand>("chat").WithDescription("Chat with persistent memory; shows how much of the context budget each turn uses.");
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Measure Skillgate and its parts.");
            bench.AddCommand<Commands.Bench.SimBenchCommand>("sim").WithDescription("The simulator alone: requests/s and concurrent streams.");
            bench.AddCommand<Commands.Bench.BurstCommand>("burst").WithDescription("The 429 storm: N requests at once against simulated keys, naive SDK beside Skillgate's scheduler.");
            bench.AddCommand<Commands.Bench.OverheadCommand>("overhead").WithDescription("Latency the gateway adds (p50/p99 at a fixed rate) and its maximum requests/s, versus the simulator direct.");
            bench.AddCommand<Commands.Bench.StreamsCommand>("streams").WithDescription("N concurrent SSE and WebSocket streams through the gateway: completed, lost, TTFT, gateway memory per stream.");
        });
        config.AddCommand<Commands.Serve.ServeCommand>("serve").WithDescription("Run the gateway (starts the simulator when no upstream is configured).");
        config.AddBranch("skills", skills =>
        {
            skills.SetDescription("Author, validate, pack and publish Claude skills (SKILL.md folders).");
            skills.AddCommand<Commands.Skills.SkillsNewCommand>("new").WithDescription("Create a valid skill skeleton: SKILL.md and a sample reference file.");
            skills.AddCommand<Commands.Skills.SkillsValidateCommand>("validate").WithDescription("Check skill folders: every problem with its file and line; exit 1 on any error.");
            skills.AddCommand<Commands.Skills.SkillsPackCommand>("pack").WithDescription("Zip a skill in the upload layout (one top-level folder).");
            skills.AddCommand<Commands.Skills.SkillsPushCommand>("push").WithDescription("Create the skill, or a new version when its content changed; prints skill_id and version.");
            skills.AddCommand<Commands.Skills.SkillsListCommand>("list").WithDescription("List the upstream's skills.");
            skills.AddCommand<Commands.Skills.SkillsPullCommand>("pull").WithDescription("Download a skill version into a folder (zip-bomb safe, all or nothing).");
        });
        config.AddCommand<Commands.Run.RunCommand>("run").WithDescription("Apply a prompt template or skill to a dataset: durable (--resume), cost estimate, live view, HTML report, batch degradation.");
        config.AddCommand<Commands.Redact.RedactCommand>("redact").WithDescription("Redact sensitive data in text read from stdin.");
    }
}
