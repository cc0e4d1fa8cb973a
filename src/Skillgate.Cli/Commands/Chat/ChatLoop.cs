using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>
/// The conversation in the terminal: opens or creates it, attaches the files, then one turn per line, each answer
/// streamed as it is generated and followed by the budget it used.
/// </summary>
internal sealed class ChatLoop(IAnsiConsole console, ConversationClient client, ChatSettings settings)
{
    /// <summary>The exit code when Ctrl+C stopped the chat.</summary>
    public const int Cancelled = 130;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var files = new List<(string Path, byte[] Content)>();
        foreach (var file in settings.Attach)
        {
            try
            {
                files.Add((file, await File.ReadAllBytesAsync(file, cancellationToken)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot attach {file}: {ex.Message}");
                return 2;
            }
        }

        string id;
        try
        {
            (id, var created) = await OpenAsync(cancellationToken);
            if (!await AttachAsync(id, created, files, cancellationToken))
            {
                return 2;
            }
        }
        catch (HttpRequestException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }

        var exitCode = await TurnsAsync(id, cancellationToken);
        console.MarkupLineInterpolated($"[grey]continue this conversation with --conversation {id}[/]");
        return exitCode;
    }

    /// <summary>The chat's own commands, answered here and never sent to the model.</summary>
    public static readonly IReadOnlyList<(string Command, string Description)> Commands =
    [
        ("/help", "list these commands"),
        ("/exit, /quit", "leave the chat (an empty line or end of input too); the conversation is kept"),
        ("Ctrl+C", "stop the answer being written and leave"),
    ];

    private async Task<int> TurnsAsync(string id, CancellationToken cancellationToken)
    {
        console.MarkupLine("[grey]type a message and press Enter; /help lists the commands, /exit (or an empty line) quits[/]");
        while (true)
        {
            string? line;
            try
            {
                line = await ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.WriteLine();
                return Cancelled;
            }

            if (line is null || line.Trim() is "" or "/exit" or "/quit")
            {
                return 0;
            }

            if (line.Trim().Equals("/help", StringComparison.OrdinalIgnoreCase))
            {
                PrintHelp();
                continue;
            }

            if (!await TurnAsync(id, line, cancellationToken))
            {
                return Cancelled;
            }
        }
    }

    private void PrintHelp()
    {
        foreach (var (command, description) in Commands)
        {
            console.MarkupLineInterpolated($"  [bold]{command}[/]  {description}");
        }
    }

    private async Task<(string Id, bool Created)> OpenAsync(CancellationToken cancellationToken)
    {
        if (settings.Conversation is not { } wanted)
        {
            var created = await client.CreateAsync(settings.Model, settings.Window, settings.MaxTokens, cancellationToken);
            var id = created["id"]!.GetValue<string>();
            console.MarkupLineInterpolated($"conversation [bold]{id}[/] (new, {Window(created):N0}-token window)");
            return (id, true);
        }

        var found = await client.GetAsync(wanted, cancellationToken)
            ?? throw new HttpRequestException($"there is no conversation '{wanted}' in {settings.Database}; start without --conversation for a new one.");
        var messages = (found["messages"] as JsonArray)?.Count ?? 0;
        var documents = (found["documents"] as JsonArray)?.Count ?? 0;
        console.MarkupLineInterpolated($"conversation [bold]{wanted}[/]: {messages} message(s), {documents} document(s), {Window(found):N0}-token window");
        if (settings.Window is { } window && window != Window(found))
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] --window {window} is ignored: a conversation keeps the window it was created with.");
        }

        return (wanted, false);
    }

    private async Task<bool> AttachAsync(string id, bool created, List<(string Path, byte[] Content)> files, CancellationToken cancellationToken)
    {
        foreach (var (path, content) in files)
        {
            try
            {
                var document = await client.AttachAsync(id, content, Path.GetFileName(path), cancellationToken);
                console.MarkupLineInterpolated(
                    $"attached [bold]{document["name"]?.GetValue<string>()}[/]: {document["tokens"]?.GetValue<long>():N0} tokens of text ({document["media_type"]?.GetValue<string>()}, {document["mode"]?.GetValue<string>()})");
            }
            catch (HttpRequestException ex)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot attach {path}: {ex.Message}");
                if (created)
                {
                    // Nothing was said in it yet: a new conversation whose attachment failed is not left behind.
                    await client.DeleteAsync(id, cancellationToken);
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>One turn; false when Ctrl+C stopped it.</summary>
    private async Task<bool> TurnAsync(string id, string line, CancellationToken cancellationToken)
    {
        var printer = new AnswerPrinter(console);
        try
        {
            using var response = await client.SendTurnAsync(id, line, settings.Model, settings.MaxTokens, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                console.MarkupLineInterpolated($"[red]error:[/] {ConversationClient.ErrorMessage(body, response.StatusCode)} (no answer was saved)");
                return true;
            }

            console.Markup("[blue]claude>[/] ");
            var outcome = await printer.PrintAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
            if (!outcome.Complete)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {outcome.Error?.TrimEnd('.')}; your turn is kept, the answer was not saved.");
                return true;
            }

            console.MarkupLineInterpolated($"[grey]{BudgetLine(response.Headers, outcome.InputTokens)}[/]");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException && cancellationToken.IsCancellationRequested)
        {
            printer.EndLine();
            console.MarkupLine("[yellow]stopped:[/] the answer was cancelled and not saved; your turn is kept.");
            return false;
        }
        catch (HttpRequestException ex)
        {
            printer.EndLine();
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message.TrimEnd('.')}; the answer was not saved.");
        }

        return true;
    }

    private static string BudgetLine(HttpResponseHeaders headers, long reported)
    {
        var tokens = Number(headers, ConversationClient.TokensHeader);
        var budget = Number(headers, ConversationClient.BudgetHeader);
        var rounds = headers.TryGetValues(ConversationClient.RoundsHeader, out var values) ? values.First() : "?";
        var percent = budget > 0 ? 100.0 * tokens / budget : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"context: {tokens:N0} of {budget:N0} tokens ({percent:F1}%), turns {rounds}; upstream counted {reported:N0} input tokens");
    }

    private static long Number(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) && long.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static long Window(JsonObject conversation) => conversation["context_window"]?.GetValue<long>() ?? 0;

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // Piped input: one turn per line.
            return await Console.In.ReadLineAsync(cancellationToken);
        }

        try
        {
            return await console.PromptAsync(new TextPrompt<string>("[green]you>[/]").AllowEmpty(), cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // No more input (stdin closed or a test console ran out of lines).
            return null;
        }
    }
}
