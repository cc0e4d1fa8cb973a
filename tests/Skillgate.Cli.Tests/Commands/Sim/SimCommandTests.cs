using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Sim;

public sealed partial class SimCommandTests
{
    [Fact]
    public async Task Sim_PortZero_PrintsUrlServesAndStopsOnCancel()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var run = SkillgateApp.RunAsync(["sim", "--port", "0", "--seed", "5"], console, cts.Token);
        var url = await ConsoleUrl.WaitAsync(console, run, UrlPattern());
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""),
        };
        request.Headers.Add("x-api-key", "sk-sim-default");
        using var response = await client.SendAsync(request);
        await cts.CancelAsync();
        var exitCode = await run;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.Contains("key: sk-sim-default", console.Output, StringComparison.Ordinal);
        Assert.Contains("seed: 5", console.Output, StringComparison.Ordinal);
        Assert.Contains("h2c", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sim_PortInUse_SaysSoInOneLine(bool http2PortTaken)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var console = new TestConsole();
        console.Profile.Width = 300;
        string[] args = http2PortTaken
            ? ["sim", "--port", "0", "--http2-port", port.ToString(CultureInfo.InvariantCulture)]
            : ["sim", "--port", port.ToString(CultureInfo.InvariantCulture), "--http2-port", "-1"];

        var exitCode = await SkillgateApp.RunAsync(args, console);

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: port {port} is already in use", console.Output.Trim());
    }

    [Fact]
    public async Task Sim_ConfigWithKeys_PrintsKeysAndLimits()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """
            // comments are allowed
            { "keys": [ { "key": "sk-sim-a", "requestsPerMinute": 50, "inputTokensPerMinute": 30000 } ], "seed": 9 }
            """);
        var console = new TestConsole();
        console.Profile.Width = 200;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var run = SkillgateApp.RunAsync(["sim", "--port", "0", "--http2-port", "-1", "--config", path], console, cts.Token);
            await ConsoleUrl.WaitAsync(console, run, UrlPattern());
            await cts.CancelAsync();

            Assert.Equal(0, await run);
            Assert.Contains("key: sk-sim-a (rpm 50, itpm 30,000, otpm unlimited)", console.Output, StringComparison.Ordinal);
            Assert.Contains("seed: 9", console.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("h2c", console.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "keys": [ { "key": "k", "requestsPerMinute": -1 } ] }""", "Keys[0].RequestsPerMinute")]
    [InlineData("""{ "latency": { "jitter": 3 } }""", "Latency.Jitter")]
    [InlineData("""{ "nope": 1 }""", "nope")]
    [InlineData("""{ "keys": [ """, "not valid")]
    public async Task Sim_BadConfig_ErrorNamesKey(string json, string expected)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, json);
        var console = new TestConsole();
        console.Profile.Width = 300;
        try
        {
            var exitCode = await SkillgateApp.RunAsync(["sim", "--port", "0", "--config", path], console);

            Assert.Equal(2, exitCode);
            Assert.Contains(expected, console.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex UrlPattern();
}
