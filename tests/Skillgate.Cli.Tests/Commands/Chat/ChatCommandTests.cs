using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Skillgate.Context;
using Skillgate.Storage;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Chat;

public sealed partial class ChatCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "skillgate-chat-" + Guid.NewGuid().ToString("N"));

    public ChatCommandTests() => Directory.CreateDirectory(_directory);

    private string Database => Path.Combine(_directory, "chat.db");

    [Fact]
    public async Task RunAsync_ChatOfflineWithAttachment_PersistsTurnsAndShowsBudget()
    {
        var csv = Path.Combine(_directory, "orders.csv");
        await File.WriteAllTextAsync(csv, "order,amount\nA-1,10\nA-2,20\n");
        var console = WideConsole();
        console.Input.PushTextWithEnter("Which orders are in the file?");
        console.Input.PushTextWithEnter("And the total?");
        console.Input.PushTextWithEnter("/exit");

        var exitCode = await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database, "--attach", csv, "--window", "20000"], console);

        Assert.Equal(0, exitCode);
        Assert.Contains("simulator", console.Output, StringComparison.Ordinal);
        Assert.Contains("attached orders.csv", console.Output, StringComparison.Ordinal);
        Assert.Contains("claude>", console.Output, StringComparison.Ordinal);
        Assert.Contains("of 18,576 tokens", console.Output, StringComparison.Ordinal);
        Assert.Contains("turns 2 verbatim, 0 summarized", console.Output, StringComparison.Ordinal);
        var id = IdOf(console.Output);
        Assert.Equal(["user", "assistant", "user", "assistant"], await RolesAsync(id));
        Assert.Single(await EntriesAsync(id), e => e.Kind == ConversationEntryKind.Document);

        var again = WideConsole();
        again.Input.PushTextWithEnter("One more question.");
        Assert.Equal(0, await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database, "--conversation", id], again));
        Assert.Contains("4 message(s), 1 document(s), 20,000-token window", again.Output, StringComparison.Ordinal);
        Assert.Equal(6, (await RolesAsync(id)).Count);
    }

    [Fact]
    public async Task RunAsync_PacedReply_AnswerWrittenInPiecesBeforeTurnEnds()
    {
        var (config, console, output) = await PacedAsync(tokensPerSecond: 40, "Explain tides [[sim:ttft=100 tokens=40]]");

        Assert.Equal(0, await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database, "--sim-config", config], console));

        // The answer is what was written after the "claude>" prefix and before the budget line that ends the turn.
        var writes = output.Recorder.Writes;
        var start = writes.ToList().FindIndex(w => w.Text.Contains("claude>", StringComparison.Ordinal));
        var end = writes.ToList().FindIndex(w => w.Text.Contains("context:", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, output.Recorder.Text);
        var answer = writes.Skip(start + 1).Take(end - start - 1).Where(w => w.Text.Trim().Length > 0).ToList();
        Assert.True(answer.Count >= 5, $"the answer came in {answer.Count} write(s): {output.Recorder.Text}");

        // 40 tokens at 40 tokens/s: about a second between the first piece and the turn's end; load only stretches it.
        Assert.True(writes[end].At - answer[0].At >= TimeSpan.FromMilliseconds(400), $"first piece {answer[0].At}, turn ended {writes[end].At}");
        var text = string.Concat(answer.Select(w => w.Text)).Trim();
        var stored = JsonNode.Parse((await EntriesAsync(IdOf(output.Recorder.Text))).Last(e => e.Kind == ConversationEntryKind.Message).Json)!;
        Assert.Equal("assistant", stored["role"]!.GetValue<string>());
        Assert.Equal(text, stored["content"]![0]!["text"]!.GetValue<string>().Trim());
    }

    [Fact]
    public async Task RunAsync_Help_ListsCommandsWithoutAskingTheModel()
    {
        var console = WideConsole();
        console.Input.PushTextWithEnter("/help");
        console.Input.PushTextWithEnter("/exit");

        Assert.Equal(0, await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database], console));

        Assert.Contains("/help lists the commands, /exit (or an empty line) quits", console.Output, StringComparison.Ordinal);
        Assert.Contains("/exit, /quit", console.Output, StringComparison.Ordinal);
        Assert.Contains("Ctrl+C", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("claude>", console.Output, StringComparison.Ordinal);
        Assert.Empty(await RolesAsync(IdOf(console.Output)));
    }

    [Theory]
    [InlineData("[[sim:fault=cut tokens=200]]", "your turn is kept, the answer was not saved")]
    [InlineData("[[sim:fault=error tokens=200]]", "your turn is kept, the answer was not saved")]
    [InlineData("[[sim:fault=403]]", "(no answer was saved)")]
    public async Task RunAsync_AnswerFails_PrintsErrorAndKeepsOnlyUserTurn(string directive, string message)
    {
        var console = WideConsole();
        console.Input.PushTextWithEnter("Explain tides " + directive);

        Assert.Equal(0, await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database], console));

        Assert.Contains("error:", console.Output, StringComparison.Ordinal);
        Assert.Contains(message, console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("context:", console.Output, StringComparison.Ordinal);
        Assert.Equal(["user"], await RolesAsync(IdOf(console.Output)));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringAnswer_StopsCleanlyAndStoresNoAnswer()
    {
        var (config, console, output) = await PacedAsync(tokensPerSecond: 20, "Explain tides [[sim:tokens=400]]");
        using var cts = new CancellationTokenSource();

        var run = SkillgateApp.RunAsync(["chat", "--offline", "--db", Database, "--sim-config", config], console, cts.Token);
        var waited = Stopwatch.StartNew();
        while (!AnswerStarted(output.Recorder.Text) && waited.Elapsed < TimeSpan.FromSeconds(30) && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        Assert.True(AnswerStarted(output.Recorder.Text), output.Recorder.Text);
        var cancelled = Stopwatch.StartNew();
        await cts.CancelAsync();
        var exitCode = await run;

        // The whole answer takes 20 s at this pace; stopping must not wait for it.
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {cancelled.Elapsed}");
        Assert.Equal(130, exitCode);
        var text = output.Recorder.Text;
        Assert.Contains("stopped:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.Equal(["user"], await RolesAsync(IdOf(text)));
    }

    [Fact]
    public async Task RunAsync_UnknownConversation_FailsWithMessage()
    {
        var console = WideConsole();

        var exitCode = await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database, "--conversation", "conv_nothere"], console);

        Assert.Equal(2, exitCode);
        Assert.Contains("no conversation 'conv_nothere'", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AttachUnreadableFile_FailsWithMessageAndLeavesNoConversation()
    {
        var bad = Path.Combine(_directory, "bad.txt");
        await File.WriteAllBytesAsync(bad, [0x61, 0xC3, 0x28]);
        var console = WideConsole();

        var exitCode = await SkillgateApp.RunAsync(["chat", "--offline", "--db", Database, "--attach", bad], console);

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot attach", console.Output, StringComparison.Ordinal);
        Assert.Empty(await Store().ListAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A simulator config at <paramref name="tokensPerSecond"/>, and a console recording when each write happened.</summary>
    private async Task<(string Config, TestConsole Console, RecordingOutput Output)> PacedAsync(int tokensPerSecond, string line)
    {
        var config = Path.Combine(_directory, "sim.json");
        await File.WriteAllTextAsync(config, $"{{\"Latency\": {{\"TokensPerSecond\": {tokensPerSecond}}}}}");
        var output = new RecordingOutput();
        var console = WideConsole();
        console.Profile.Out = output;
        console.Input.PushTextWithEnter(line);
        return (config, console, output);
    }

    private static TestConsole WideConsole()
    {
        // Wide enough that no line under test wraps.
        var console = new TestConsole().Interactive();
        console.Profile.Width = 400;
        return console;
    }

    private static bool AnswerStarted(string text)
    {
        var at = text.IndexOf("claude>", StringComparison.Ordinal);
        return at >= 0 && text.AsSpan(at + "claude>".Length).Trim().Length > 20;
    }

    private static string IdOf(string output) => ConversationId().Match(output) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("No conversation id in: " + output);

    private IConversationStore Store() => ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Database });

    private async Task<IReadOnlyList<ConversationEntry>> EntriesAsync(string id)
    {
        var store = Store();

        // The gateway keys a conversation by tenant and id; chat runs as the gateway's only (anonymous) tenant.
        var key = (await store.ListAsync()).Single(c => c.Id.EndsWith("/" + id, StringComparison.Ordinal)).Id;
        return await store.ReadAsync(key);
    }

    private async Task<List<string>> RolesAsync(string id) =>
        [.. (await EntriesAsync(id)).Where(e => e.Kind == ConversationEntryKind.Message).Select(e => JsonNode.Parse(e.Json)!["role"]!.GetValue<string>())];

    [GeneratedRegex(@"conversation (conv_[0-9A-Za-z]+)")]
    private static partial Regex ConversationId();
}
