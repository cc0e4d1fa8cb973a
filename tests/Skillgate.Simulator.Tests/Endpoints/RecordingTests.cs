using System.Net;
using System.Text.Json;

namespace Skillgate.Simulator.Tests.Endpoints;

public sealed class RecordingTests
{
    [Fact]
    public async Task GetRecordedRequests_RecordingOff_Throws()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions());

        Assert.Throws<InvalidOperationException>(() => sim.GetRecordedRequests());
    }

    [Fact]
    public async Task GetRecordedRequests_KeepsTheLastNInOrderWithBodiesHeadersAndIds()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { RecordRequests = 3 });
        using var client = SimTestHelpers.Client(sim);
        var ids = new List<string>();
        var bodies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var body = SimTestHelpers.Body($"request {i}", stream: i % 2 == 1);
            bodies.Add(body);
            using var response = await client.PostMessageAsync(body);
            await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add(response.Headers.GetValues("request-id").Single());
        }

        using (await client.GetAsync("/sim/stats"))
        {
        }

        var recorded = sim.GetRecordedRequests();

        Assert.Equal(3, recorded.Count);
        Assert.Equal(1, sim.RecordedRequestsDropped);
        Assert.Equal(bodies[1..], recorded.Select(r => r.BodyText));
        Assert.Equal(ids[1..], recorded.Select(r => r.RequestId));
        Assert.All(recorded, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v1/messages", r.PathAndQuery);
            Assert.Equal(SimulatorOptions.DefaultKey, r.Headers["x-api-key"]);
            Assert.Equal("2023-06-01", r.Headers["anthropic-version"]);
            Assert.Equal(200, r.StatusCode);
        });
        sim.ClearRecordedRequests();
        Assert.Empty(sim.GetRecordedRequests());
        Assert.Equal(0, sim.RecordedRequestsDropped);
    }

    [Fact]
    public async Task Recording_Http2AndErrors_RecordedAndAnsweredAsWithout()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { RecordRequests = 10, MaxRequestBodyBytes = 1024 });
        using var client = SimTestHelpers.Client(sim);
        client.BaseAddress = sim.Http2Address;
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using var ok = await client.PostMessageAsync(SimTestHelpers.Body("over h2c [[sim:echo]]", stream: true));
        var events = await ok.ReadEventsAsync();
        using var tooLarge = await client.PostMessageAsync(SimTestHelpers.Body(new string('x', 2000)));
        using var models = await client.GetAsync("/v1/models?limit=2");
        using var unauthorized = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens")
        {
            Content = SimTestHelpers.Json("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}"""),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Headers = { { "x-api-key", "sk-wrong" } },
        });

        Assert.Equal("over h2c", string.Concat(events.OfType<Skillgate.Protocol.ContentBlockDeltaEvent>().Select(e => ((Skillgate.Protocol.TextDelta)e.Delta).Text)));
        await SimTestHelpers.AssertErrorAsync(tooLarge, 413, "request_too_large");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        var recorded = sim.GetRecordedRequests();
        Assert.Equal(["/v1/messages", "/v1/messages", "/v1/models?limit=2", "/v1/messages/count_tokens"], recorded.Select(r => r.PathAndQuery));
        Assert.Contains("[[sim:echo]]", recorded[0].BodyText, StringComparison.Ordinal);
        Assert.Equal(0, recorded[1].Body.Length);
        Assert.Equal(413, recorded[1].StatusCode);
        Assert.Equal(0, recorded[2].Body.Length);
        Assert.Equal("GET", recorded[2].Method);
        Assert.Equal(401, recorded[3].StatusCode);
        Assert.Equal("sk-wrong", recorded[3].Headers["x-api-key"]);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(recorded[3].Body).RootElement.ValueKind);
    }
}
