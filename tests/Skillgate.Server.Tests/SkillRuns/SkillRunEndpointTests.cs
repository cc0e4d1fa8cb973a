using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Redaction;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;
using Skillgate.Skills;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.SkillRuns;

/// <summary><c>POST /v1/skill-runs</c> through the real gateway on loopback, over the simulator, and the sample skills.</summary>
public sealed class SkillRunEndpointTests : IAsyncLifetime
{
    private static readonly string SamplesDirectory = FindSamples();
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "skillgate-skill-runs", Guid.NewGuid().ToString("N"));
    private SimulatedGateway? _gateway;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_temp, "pdf-tools")).FullName;
        File.WriteAllText(Path.Combine(dir, "SKILL.md"), "---\nname: pdf-tools\ndescription: Extracts text from PDF files.\n---\n# PDF tools\n\nRead it. [[sim:tool=read_skill_file:{\"skill\":\"pdf-tools\",\"path\":\"references/REFERENCE.md\"}]]\n");
        Directory.CreateDirectory(Path.Combine(dir, "references"));
        File.WriteAllText(Path.Combine(dir, "references", "REFERENCE.md"), "# Reference\n\nLevel three.\n");
        var looper = Directory.CreateDirectory(Path.Combine(_temp, "looper")).FullName;
        File.WriteAllText(Path.Combine(looper, "SKILL.md"), "---\nname: looper\ndescription: Loops.\n---\nAgain [[sim:tool=load_skill:{\"name\":\"looper\"}]]\n");
        _gateway = await SimulatedGateway.StartAsync(o =>
        {
            o.Skills.Directory = _temp;
            o.Redaction.Mode = RedactionMode.Off;
        });
        _client = new HttpClient { BaseAddress = _gateway.BaseUrl };
        _client.DefaultRequestHeaders.Add("x-api-key", SimulatorOptions.DefaultKey);
    }

    [Fact]
    public async Task Post_Json_LoadsLevelsTwoAndThreeAndJoinsTurns()
    {
        var (status, body) = await PostAsync("""{"skill":"pdf-tools","input":"Go [[sim:tool=read_skill_file:{\"skill\":\"pdf-tools\",\"path\":\"SKILL.md\"}]]"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var message = JsonNode.Parse(body)!;
        var content = message["content"]!.AsArray();
        var tools = content.Where(b => b!["type"]!.GetValue<string>() == "tool_use").Select(b => b!["name"]!.GetValue<string>()).ToList();
        Assert.Equal([PortableSkillRuntime.ReadSkillFileTool, PortableSkillRuntime.ReadSkillFileTool], tools);
        Assert.Equal("end_turn", message["stop_reason"]!.GetValue<string>());
        Assert.Equal(3, _gateway!.Simulator.GetStats().Requests);
    }

    [Fact]
    public async Task Post_Stream_OneMessageWithRenumberedBlocks()
    {
        var (status, body) = await PostAsync("""{"skill":"pdf-tools","input":"Go [[sim:tool=load_skill:{\"name\":\"pdf-tools\"}]]","stream":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('\n')[0]["event: ".Length..]).ToList();
        Assert.Equal(1, events.Count(e => e == "message_start"));
        Assert.Equal(1, events.Count(e => e == "message_stop"));
        Assert.Equal(1, events.Count(e => e == "message_delta"));
        Assert.Equal("message_stop", events[^1]);
        var starts = body.Split("\n\n").Where(e => e.StartsWith("event: content_block_start", StringComparison.Ordinal))
            .Select(e => JsonNode.Parse(e[(e.IndexOf("data: ", StringComparison.Ordinal) + 6)..])!["index"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(0, starts.Count), starts);
        Assert.Contains("read_skill_file", body, StringComparison.Ordinal);
        Assert.Equal(3, _gateway!.Simulator.GetStats().Requests);
    }

    [Theory]
    [InlineData("""{"skill":"nope","input":"x"}""", HttpStatusCode.NotFound, "no skill named 'nope'")]
    [InlineData("""{"input":"x"}""", HttpStatusCode.BadRequest, "skill: Field required")]
    [InlineData("""{"skill":"pdf-tools","input":3}""", HttpStatusCode.BadRequest, "input: Input should be a non-empty string")]
    [InlineData("""not json""", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("""{"skill":"looper","input":"Go [[sim:tool=load_skill:{\"name\":\"looper\"}]]"}""", HttpStatusCode.BadRequest, "rounds of tool calls")]
    public async Task Post_BadInput_ClearError(string json, HttpStatusCode expected, string message)
    {
        var (status, body) = await PostAsync(json);
        Assert.Equal(expected, status);
        var error = JsonNode.Parse(body)!;
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Contains(message, error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Stream_TooManyIterations_EndsWithErrorEvent()
    {
        var (status, body) = await PostAsync("""{"skill":"looper","input":"Go [[sim:tool=load_skill:{\"name\":\"looper\"}]]","stream":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("event: error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("event: message_stop", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contract-reviewer")]
    [InlineData("support-ticket-triager")]
    [InlineData("spreadsheet-summarizer")]
    public void Sample_Validates_WithUploadRules(string name)
    {
        var result = SkillValidator.Validate(Path.Combine(SamplesDirectory, name), new SkillValidationOptions { ForUpload = true });
        Assert.True(result.Problems.Count == 0, string.Join('\n', result.Problems.Select(p => p.ToString())));
    }

    [Fact]
    public async Task Samples_RunPortablyThroughTheGateway_WithTheirDatasets()
    {
        await using var gateway = await SimulatedGateway.StartAsync(o => o.Skills.Directory = SamplesDirectory);
        using var client = new HttpClient { BaseAddress = gateway.BaseUrl };
        client.DefaultRequestHeaders.Add("x-api-key", SimulatorOptions.DefaultKey);

        var contract = string.Join("\n", Enumerable.Range(1, 40).Select(p => $"Section {p}. The Supplier shall renew automatically unless notice is given 90 days before the end of the term."));
        var ticket = File.ReadLines(Path.Combine(SamplesDirectory, "support-ticket-triager", "data", "tickets.jsonl")).First();
        var sheet = File.ReadAllText(Path.Combine(SamplesDirectory, "spreadsheet-summarizer", "data", "sales.csv"));
        foreach (var (skill, input) in new[] { ("contract-reviewer", contract), ("support-ticket-triager", JsonNode.Parse(ticket)!["text"]!.GetValue<string>()), ("spreadsheet-summarizer", sheet) })
        {
            var request = new JsonObject { ["skill"] = skill, ["input"] = input + " [[sim:echo=request]]" }.ToJsonString();
            using var content = new StringContent(request, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await client.PostAsync(new Uri("/v1/skill-runs", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            var text = JsonNode.Parse(body)!["content"]![0]!["text"]!.GetValue<string>();
            Assert.Contains($"is already loaded for this task", text, StringComparison.Ordinal);
            if (skill == "support-ticket-triager")
            {
                // Redaction is on by default in the gateway: the upstream saw no raw email, the caller gets it back restored.
                Assert.Contains("jane.doe@example.com", text, StringComparison.Ordinal);
                var sent = gateway.Simulator.GetStats();
                Assert.True(sent.Requests > 0);
            }
        }
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _client!.PostAsync(new Uri("/v1/skill-runs", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Skillgate.slnx")))
            {
                return Path.Combine(dir.FullName, "skills");
            }
        }

        throw new InvalidOperationException("Skillgate.slnx not found above the test's folder.");
    }
}
