using System.Text.Json;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Redact;

public sealed class RedactCommandTests : IDisposable
{
    private readonly string _input = Path.GetTempFileName();

    public void Dispose() => File.Delete(_input);

    private async Task<(int ExitCode, string Output)> RunAsync(string input, params string[] flags)
    {
        await File.WriteAllTextAsync(_input, input);
        using var console = new TestConsole();
        var exitCode = await SkillgateApp.RunAsync(["redact", "--input", _input, .. flags], console);
        return (exitCode, console.Output);
    }

    [Fact]
    public async Task Redact_Json_PrintsTextAndEntitiesWithUtf16Offsets()
    {
        const string Text = "😀 请联系 zhang.wei@example.com 或 13800138000";

        var (exitCode, output) = await RunAsync(Text, "--json");

        Assert.Equal(0, exitCode);
        using var doc = JsonDocument.Parse(output);
        var entities = doc.RootElement.GetProperty("entities");
        Assert.Equal(2, entities.GetArrayLength());
        foreach (var e in entities.EnumerateArray())
        {
            var (start, end) = (e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32());
            Assert.Equal(Text[start..end], e.GetProperty("text").GetString());
        }

        Assert.Equal("EMAIL", entities[0].GetProperty("type").GetString());
        Assert.Equal(Text.IndexOf("zhang", StringComparison.Ordinal), entities[0].GetProperty("start").GetInt32());
        var redacted = doc.RootElement.GetProperty("text").GetString()!;
        Assert.DoesNotContain("13800138000", redacted, StringComparison.Ordinal);
        Assert.Contains("⟦PHONE_", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redact_Jsonl_OneObjectPerLineAndErrorsInAnthropicShape()
    {
        var (exitCode, output) = await RunAsync("\"mail a@example.com\"\n{\"text\": \"ip 10.0.0.1\"}\n\n[1]\n\"nothing here\"\n", "--jsonl");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, exitCode);
        Assert.Equal(4, lines.Length);
        Assert.Equal("EMAIL", JsonDocument.Parse(lines[0]).RootElement.GetProperty("entities")[0].GetProperty("type").GetString());
        Assert.Equal("IP_ADDRESS", JsonDocument.Parse(lines[1]).RootElement.GetProperty("entities")[0].GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", JsonDocument.Parse(lines[2]).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("nothing here", JsonDocument.Parse(lines[3]).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Redact_Plain_PrintsRedactedText()
    {
        var (exitCode, output) = await RunAsync("card 4111 1111 1111 1111 ok");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("card ⟦CREDIT_CARD_", output, StringComparison.Ordinal);
        Assert.EndsWith("⟧ ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redact_JsonAndJsonl_Rejected()
    {
        var (exitCode, _) = await RunAsync("x", "--json", "--jsonl");

        Assert.NotEqual(0, exitCode);
    }
}
