using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Messages;

/// <summary>Paused code-execution turns: returned as the API returns them, or continued by the gateway when asked.</summary>
public sealed class PauseTurnTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":64,"tools":[{"type":"code_execution_20250825","name":"code_execution"}],"container":{"skills":[{"type":"anthropic","skill_id":"xlsx","version":"latest"}]},"messages":[{"role":"user","content":"Summarize the sheet. [[sim:pause_turn=2]]"}]}""";

    [Fact]
    public async Task PausedTurn_ByDefault_ReturnedAsTheApiReturnsIt()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        var answer = await SendAsync(fixture, continueTurns: null);

        Assert.Equal("pause_turn", answer.GetProperty("stop_reason").GetString());
        Assert.Single(fixture.Received);
    }

    [Fact]
    public async Task PausedTurn_ContinueAsked_JoinedIntoOneMessageInTheSameContainer()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        var paused = await SendAsync(fixture, continueTurns: null);

        var answer = await SendAsync(fixture, continueTurns: 5);

        // Two pauses, then the end: three upstream calls, the second and third in the first one's container.
        Assert.Equal("end_turn", answer.GetProperty("stop_reason").GetString());
        var received = fixture.Received.Skip(1).ToList();
        Assert.Equal(3, received.Count);
        var container = answer.GetProperty("container").GetProperty("id").GetString()!;
        Assert.All(received.Skip(1), r => Assert.Contains(container, r.BodyText, StringComparison.Ordinal));
        Assert.Equal(2, JsonDocument.Parse(received[2].BodyText).RootElement.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("role").GetString() == "assistant"));
        Assert.True(answer.GetProperty("content").GetArrayLength() > paused.GetProperty("content").GetArrayLength(), "the continuation's blocks are joined");
        Assert.True(answer.GetProperty("usage").GetProperty("output_tokens").GetInt64() > paused.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task PausedTurn_ContinueOnce_StillPausedAfterOneContinuation()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        var answer = await SendAsync(fixture, continueTurns: 1);

        Assert.Equal("pause_turn", answer.GetProperty("stop_reason").GetString());
        Assert.Equal(2, fixture.Received.Count);
    }

    [Fact]
    public async Task ContinueHeader_NotANumber_400()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var request = Request(continueTurns: null);
        request.Headers.Add("skillgate-continue-pause-turn", "lots");

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(fixture.Received);
    }

    private static HttpRequestMessage Request(int? continueTurns)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (continueTurns is { } n)
        {
            request.Headers.Add("skillgate-continue-pause-turn", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    private static async Task<JsonElement> SendAsync(GatewayFixture fixture, int? continueTurns)
    {
        using var request = Request(continueTurns);
        using var response = await fixture.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
