using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Skillgate.Server.Hosting;
using Skillgate.Cli.Commands.Serve;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Serve;

public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_NoUpstream_StartsSimulatorAndProxies()
    {
        var console = new TestConsole();
        console.Profile.Width = 300;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var run = SkillgateApp.RunAsync(["serve", "--port", "0"], console, cts.Token);
        var url = await ConsoleUrl.WaitAsync(console, run, UrlPattern());
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""),
        };
        request.Headers.Add("x-api-key", "anything");
        using var response = await client.SendAsync(request);
        await cts.CancelAsync();
        var exitCode = await run;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("skillgate-overhead-ms"));
        Assert.Equal(0, exitCode);
        Assert.Contains("started the built-in Anthropic API simulator", console.Output, StringComparison.Ordinal);
        Assert.Contains("loopback only", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InvalidConfig_FailsNamingTheKey()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """{ "Skillgate": { "Upstream": { "BaseUrl": "http://127.0.0.1:1", "Keys": [ "k" ] }, "WebSocket": { "SendBufferEvents": 0 } } }""");
        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await SkillgateApp.RunAsync(["serve", "--port", "0", "--config", path], console);

        Assert.Equal(2, exitCode);
        Assert.Contains("Skillgate:WebSocket:SendBufferEvents", console.Output, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Theory]
    [InlineData("""{ "DegradationLadder": [ "Queue", "Fallback" ] }""", "Skillgate:Scheduler:DegradationLadder:1")]
    [InlineData("""{ "FallbackModels": { "claude-sonnet-4-5": "" } }""", "Skillgate:Scheduler:FallbackModels:claude-sonnet-4-5")]
    [InlineData("""{ "FairShareQuantum": 0 }""", "Skillgate:Scheduler:FairShareQuantum")]
    [InlineData("""{ "KeySelection": "Fastest" }""", "Skillgate:Scheduler:KeySelection")]
    public async Task Serve_BadSchedulerConfig_FailsNamingTheKey(string scheduler, string expected)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """{ "Skillgate": { "Upstream": { "BaseUrl": "http://127.0.0.1:1", "Keys": [ "k" ] }, "Scheduler": """ + scheduler + " } }");
        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await SkillgateApp.RunAsync(["serve", "--port", "0", "--config", path], console);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, console.Output, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void Load_FlagsOverrideConfigFile()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "Skillgate": {
                "Port": 9000,
                "Upstream": { "BaseUrl": "http://127.0.0.1:4001", "Keys": [ "file-key", "second-file-key" ], "Http2": true },
                "ClientKeys": [ { "Key": "sg-client-0123456789", "Tenant": "team-a", "Priority": 2, "RequestsPerMinute": 600 } ],
                "WebSocket": { "PingInterval": "00:00:05" } } }
            """);

        var options = Bind(ServeCommand.Load(new ServeSettings { Config = path, Port = 7000, UpstreamKeys = ["flag-key"] }, _ => null));

        Assert.Equal(7000, options.Port);
        Assert.Equal(new Uri("http://127.0.0.1:4001"), options.Upstream.BaseUrl);
        Assert.Equal(["flag-key"], options.Upstream.Keys);
        Assert.True(options.Upstream.Http2);
        Assert.Equal("team-a", Assert.Single(options.ClientKeys).Tenant);
        Assert.Equal(TimeSpan.FromSeconds(5), options.WebSocket.PingInterval);
        File.Delete(path);
    }

    [Fact]
    public void Load_AnthropicApiKey_TargetsTheRealApi()
    {
        var options = Bind(ServeCommand.Load(new ServeSettings(), name => name == "ANTHROPIC_API_KEY" ? "sk-ant-test" : null));

        Assert.Equal(new Uri(ServeCommand.AnthropicBaseUrl), options.Upstream.BaseUrl);
        Assert.Equal(["sk-ant-test"], options.Upstream.Keys);
    }

    [Fact]
    public void Load_UpstreamWithoutKey_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ServeCommand.Load(new ServeSettings { Upstream = "http://127.0.0.1:4000" }, _ => null));

        Assert.Contains("--upstream-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortInUse_SaysSoInOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var console = new TestConsole();
        console.Profile.Width = 300;

        var exitCode = await SkillgateApp.RunAsync(["serve", "--port", port.ToString(CultureInfo.InvariantCulture)], console);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: port {port} is already in use", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", console.Output, StringComparison.Ordinal);
    }

    private static GatewayOptions Bind(IConfiguration configuration) =>
        configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();

    [GeneratedRegex(@"gateway listening on (http://\S+)")]
    private static partial Regex UrlPattern();
}
