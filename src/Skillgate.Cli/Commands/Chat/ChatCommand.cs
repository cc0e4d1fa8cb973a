using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Hosting;
using Skillgate.Simulator;
using Skillgate.Tokens;
using Skillgate.Upstream;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Chat;

/// <summary><c>skillgate chat</c>: a conversation with persistent memory, showing how much of the budget each turn uses.</summary>
internal sealed class ChatCommand(IAnsiConsole console) : AsyncCommand<ChatSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ChatSettings settings, CancellationToken cancellationToken)
    {
        var apiKey = settings.Offline ? null : Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY");
        SimulatorHost? simulator = null;
        Uri baseAddress;
        if (string.IsNullOrEmpty(apiKey))
        {
            simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1 }, cancellationToken);
            baseAddress = simulator.BaseAddress;
            apiKey = SimulatorOptions.DefaultKey;
            console.MarkupLineInterpolated($"[yellow]No ANTHROPIC_API_KEY: talking to the built-in simulator at {baseAddress} (replies are placeholder text).[/]");
        }
        else
        {
            baseAddress = new Uri(Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com");
        }

        try
        {
            var services = new ServiceCollection();
            services.AddSkillgate(options =>
            {
                var upstream = new UpstreamOptions { BaseAddress = baseAddress };
                upstream.Keys.Add(new UpstreamKeyOptions { Id = "chat", Value = apiKey });
                options.Upstreams.Add(upstream);
            });
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IUpstreamClient>();
            var session = ChatSession.Create(settings, client, offline: simulator is not null);
            return await RunAsync(session, settings, cancellationToken);
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    private async Task<int> RunAsync(ChatSession session, ChatSettings settings, CancellationToken cancellationToken)
    {
        var id = settings.Conversation ?? "c-" + Guid.NewGuid().ToString("N")[..12];
        var version = await session.Store.GetVersionAsync(id, cancellationToken);
        console.MarkupLineInterpolated($"conversation [bold]{id}[/] ({(version == 0 ? "new" : $"{version} entries")}); continue it with --conversation {id}");
        foreach (var file in settings.Attach)
        {
            try
            {
                var document = await session.Documents.PutAsync(await File.ReadAllBytesAsync(file, cancellationToken), file, cancellationToken);
                await session.Memory.AttachDocumentAsync(id, document, cancellationToken);
                console.MarkupLineInterpolated($"attached [bold]{document.Name}[/]: {document.Tokens:N0} tokens of text ({document.MediaType})");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DocumentFormatException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot attach {file}: {ex.Message}");
                return 2;
            }
        }

        var template = new JsonObject { ["model"] = settings.Model, ["max_tokens"] = settings.MaxTokens }.ToJsonString();
        var budget = new ContextBudget(settings.Window, settings.MaxTokens);
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = ReadLine();
            if (line is null || line.Trim() is "" or "/exit" or "/quit")
            {
                break;
            }

            await session.Memory.AppendMessageAsync(id, new JsonObject { ["role"] = "user", ["content"] = line }.ToJsonString(), cancellationToken: cancellationToken);
            ContextView view;
            try
            {
                view = await session.Memory.BuildViewAsync(id, template, budget, cancellationToken);
            }
            catch (ContextOverflowException ex)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                continue;
            }

            await SendAsync(session, id, view, settings, cancellationToken);
        }

        return 0;
    }

    private async Task SendAsync(ChatSession session, string id, ContextView view, ChatSettings settings, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(view.RequestJson);
        var estimate = session.Estimator.EstimateRequest(body);
        var request = new UpstreamRequest(body, stream: false) { Model = settings.Model, MaxTokens = settings.MaxTokens, EstimatedInputTokens = view.EstimatedTokens };
        UpstreamResponse response;
        try
        {
            response = await session.Client.SendAsync(request, cancellationToken);
        }
        catch (UpstreamException ex)
        {
            console.MarkupLineInterpolated($"[red]upstream error:[/] {ex.Message}");
            return;
        }

        var reply = JsonNode.Parse(response.Body.Span) as JsonObject;
        if (response.StatusCode != 200 || reply?["content"] is not JsonArray content)
        {
            console.MarkupLineInterpolated($"[red]upstream answered {response.StatusCode}:[/] {Encoding.UTF8.GetString(response.Body.Span)}");
            return;
        }

        var text = string.Concat(content.Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>()));
        console.MarkupLineInterpolated($"[blue]claude>[/] {text}");
        await session.Memory.AppendMessageAsync(id, new JsonObject { ["role"] = "assistant", ["content"] = content.DeepClone() }.ToJsonString(), cancellationToken: cancellationToken);

        var usage = response.Usage;
        var reported = usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens;
        session.Estimator.Observe(estimate, reported);
        var percent = view.Budget > 0 ? 100.0 * view.EstimatedTokens / view.Budget : 0;
        console.MarkupLineInterpolated(
            $"[grey]context: {view.EstimatedTokens:N0} of {view.Budget:N0} tokens ({percent:F1}%), {view.IncludedRounds} turn(s) verbatim, {view.OmittedRounds} summarized; upstream counted {reported:N0} input tokens[/]");
    }

    private string? ReadLine()
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // Piped input: one turn per line.
            return Console.In.ReadLine();
        }

        try
        {
            return console.Prompt(new TextPrompt<string>("[green]you>[/]").AllowEmpty());
        }
        catch (InvalidOperationException)
        {
            // No more input (stdin closed or a test console ran out of lines).
            return null;
        }
    }
}
