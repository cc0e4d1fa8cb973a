using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Hosting;

public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_AfterTrafficAndFailures_HoldNoKeysOrContent()
    {
        const string clientKey = "sg-secret-client-key-42";
        const string prompt = "my private prompt text";
        var logs = new CapturingLoggerProvider();
        await using var fixture = await GatewayFixture.StartAsync(
            o =>
            {
                o.ListenAddress = "127.0.0.1";
                o.ClientKeys.Add(new ClientKeyOptions { Key = clientKey, Tenant = "t" });
            },
            services => services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));

        foreach (var (key, directive) in new[] { (clientKey, ""), ("sg-wrong-key-000000", ""), (clientKey, " [[sim:fault=cut tokens=40]]") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = new StringContent($$"""{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"{{prompt}}{{directive}}"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-api-key", key);
            using var response = await fixture.Client.SendAsync(request);
            await response.Content.ReadAsStringAsync();
        }

        Assert.Equal(2, fixture.Received.Count);
        await fixture.StopUpstreamAsync();
        using var down = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        down.Headers.Add("x-api-key", clientKey);
        using var failed = await fixture.Client.SendAsync(down);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("unknown client key", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(clientKey, StringComparison.Ordinal)
            || l.Contains("sg-wrong-key", StringComparison.Ordinal)
            || l.Contains(GatewayFixture.UpstreamKey, StringComparison.Ordinal)
            || l.Contains(prompt, StringComparison.Ordinal));
    }
}
