using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Redaction;
using Skillgate.Server.Auth;
using Skillgate.Server.Messages;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Pipeline;

/// <summary>The one Messages executor, used directly as the WebSocket and conversation sinks use it: redaction, admission and restore, with the upstream's headers.</summary>
public sealed class MessageExecutorTests
{
    private const string Email = "jane.doe@example.com";

    private static MessageRequest Call(bool stream)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { model = "claude-sonnet-4-5", max_tokens = 20, stream, messages = new[] { new { role = "user", content = $"Mail {Email} now. [[sim:echo]]" } } }));
        var info = RequestValidator.ValidateMessages(body, requireMaxTokens: true);
        return new MessageRequest
        {
            Tenant = Tenant.Anonymous,
            Body = body,
            Info = info,
            Model = info.Model,
            MaxTokens = (int)info.MaxTokens,
            Stream = stream,
            Headers = [new("anthropic-version", "2023-06-01")],
        };
    }

    [Fact]
    public async Task SendAndStream_Pseudonymized_RedactedUpstreamRestoredForTheCallerWithUpstreamHeaders()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Redaction.Mode = RedactionMode.Pseudonymize);
        var executor = fixture.Gateway.Services.GetRequiredService<MessageExecutor>();

        var whole = await executor.SendAsync(Call(stream: false), CancellationToken.None);
        var wholeText = Encoding.UTF8.GetString(whole.Body.Span);
        var events = new StringBuilder();
        await using (var streamed = await executor.StreamAsync(Call(stream: true), CancellationToken.None))
        {
            await foreach (var run in streamed.ReadAsync(CancellationToken.None))
            {
                events.Append(Encoding.UTF8.GetString(run.Span));
            }

            Assert.Null(streamed.Error);
            Assert.NotNull(streamed.KeyFingerprint);
        }

        Assert.Equal(200, whole.StatusCode);
        Assert.Contains($"Mail {Email} now.", wholeText, StringComparison.Ordinal);
        Assert.DoesNotContain("EMAIL_", wholeText, StringComparison.Ordinal);
        Assert.Equal("999", whole.Headers.Single(h => h.Key == "anthropic-ratelimit-requests-remaining").Value);
        Assert.Contains("message_stop", events.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("EMAIL_", events.ToString(), StringComparison.Ordinal);
        Assert.Equal($"Mail {Email} now.", StreamedText(events.ToString()));
        var received = fixture.Received;
        Assert.Equal(["/v1/messages", "/v1/messages"], received.Select(r => r.PathAndQuery));
        Assert.All(received, r => Assert.DoesNotContain(Email, r.BodyText, StringComparison.Ordinal));
        Assert.All(received, r => Assert.Contains("EMAIL_", r.BodyText, StringComparison.Ordinal));
    }

    private static string StreamedText(string events) => string.Concat(events.Split('\n')
        .Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("\"text_delta\"", StringComparison.Ordinal))
        .Select(l => JsonDocument.Parse(l[6..]).RootElement.GetProperty("delta").GetProperty("text").GetString()));
}
