using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Redaction;
using Skillgate.Server.Auth;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Pipeline;

/// <summary>The internal forwarding seam takes the pipeline for POST /v1/messages, so callers of the seam get redaction, admission and restore too.</summary>
public sealed class PipelineForwarderTests
{
    private const string Email = "jane.doe@example.com";

    private static UpstreamCall Call(string path, string? body, bool stream = false) =>
        new(body is null ? HttpMethod.Get : HttpMethod.Post, path, body is null ? null : Encoding.UTF8.GetBytes(body), [new("anthropic-version", "2023-06-01")], Tenant.Anonymous)
        {
            Model = "claude-sonnet-4-5",
            Streaming = stream,
            MaxTokens = 20,
        };

    private static string Body(bool stream) =>
        JsonSerializer.Serialize(new { model = "claude-sonnet-4-5", max_tokens = 20, stream, messages = new[] { new { role = "user", content = $"Mail {Email} now. [[sim:echo]]" } } });

    [Fact]
    public async Task Messages_ThroughTheSeam_RedactedRestoredWithUpstreamHeaders()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.Redaction.Mode = RedactionMode.Pseudonymize);
        var forwarder = fixture.Gateway.Services.GetRequiredService<IUpstreamForwarder>();

        using var whole = await forwarder.SendAsync(Call("/v1/messages", Body(stream: false)));
        var wholeText = await whole.Message.Content.ReadAsStringAsync();
        using var streamed = await forwarder.SendAsync(Call("/v1/messages", Body(stream: true), stream: true));
        var events = await streamed.Message.Content.ReadAsStringAsync();
        using var models = await forwarder.SendAsync(Call("/v1/models", null));

        Assert.Equal(HttpStatusCode.OK, whole.Message.StatusCode);
        Assert.Contains($"Mail {Email} now.", wholeText, StringComparison.Ordinal);
        Assert.DoesNotContain("EMAIL_", wholeText, StringComparison.Ordinal);
        Assert.Equal("999", whole.Message.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        Assert.Equal("text/event-stream", streamed.Message.Content.Headers.ContentType?.MediaType);
        Assert.Contains("message_stop", events, StringComparison.Ordinal);
        Assert.DoesNotContain("EMAIL_", events, StringComparison.Ordinal);
        Assert.Equal($"Mail {Email} now.", StreamedText(events));
        Assert.Equal(HttpStatusCode.OK, models.Message.StatusCode);
        var received = fixture.Received;
        Assert.Equal(["/v1/messages", "/v1/messages", "/v1/models"], received.Select(r => r.PathAndQuery));
        Assert.All(received, r => Assert.DoesNotContain(Email, r.BodyText, StringComparison.Ordinal));
        Assert.All(received.Take(2), r => Assert.Contains("EMAIL_", r.BodyText, StringComparison.Ordinal));
    }

    private static string StreamedText(string events) => string.Concat(events.Split('\n')
        .Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("\"text_delta\"", StringComparison.Ordinal))
        .Select(l => JsonDocument.Parse(l[6..]).RootElement.GetProperty("delta").GetProperty("text").GetString()));
}
