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
            Model = "echo",
            Streaming = stream,
            MaxTokens = 20,
        };

    private static string Body(bool stream) =>
        JsonSerializer.Serialize(new { model = "echo", max_tokens = 20, stream, messages = new[] { new { role = "user", content = $"Mail {Email} now." } } });

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
        Assert.Contains(Email, wholeText, StringComparison.Ordinal);
        Assert.Equal("99", whole.Message.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
        Assert.Equal("text/event-stream", streamed.Message.Content.Headers.ContentType?.MediaType);
        Assert.Contains("message_stop", events, StringComparison.Ordinal);
        Assert.DoesNotContain("EMAIL_", events, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, models.Message.StatusCode);
        Assert.All(fixture.Upstream.Requests, r => Assert.DoesNotContain(Email, r.BodyText, StringComparison.Ordinal));
    }
}
