using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Tests.Endpoints;

/// <summary>The Skills API and container messages on the wire: both generations of field names, the 2025 version
/// strings, and the stream's event sequence.</summary>
public sealed class SkillsWireTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorHost.StartAsync(new SimulatorOptions());
        _client = SimTestHelpers.Client(_sim);
        _client.DefaultRequestHeaders.Add("anthropic-beta", "skills-2025-10-02,code-execution-2025-08-25");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    private static MultipartFormDataContent Upload(string titleField, string title, params (string Path, string Text)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(title), titleField } };
        foreach (var (path, text) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(part, "files[]", path);
        }

        return form;
    }

    private async Task<JsonElement> CreateAsync(string titleField = "display_title")
    {
        using var response = await _client.PostAsync("/v1/skills?beta=true",
            Upload(titleField, "Tickets", ("ticket-triage/SKILL.md", "---\nname: ticket-triage\ndescription: Triage support tickets.\n---\nBody\n")));
        Assert.Equal(200, (int)response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Theory]
    [InlineData("display_title")]
    [InlineData("display_name")]
    public async Task Create_EitherTitleField_WritesBothGenerationsOfNames(string titleField)
    {
        var skill = await CreateAsync(titleField);

        Assert.Equal("skill", skill.GetProperty("type").GetString());
        Assert.Equal("Tickets", skill.GetProperty("display_title").GetString());
        Assert.Equal("Tickets", skill.GetProperty("display_name").GetString());
        Assert.Equal("custom", skill.GetProperty("source").GetProperty("type").GetString());
        Assert.StartsWith("skillver_", skill.GetProperty("latest_version_id").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9]{16}$", skill.GetProperty("latest_version").GetString());
    }

    [Fact]
    public async Task Version_AddressedByIdOr2025VersionStringOrLatest()
    {
        var skill = await CreateAsync();
        var id = skill.GetProperty("id").GetString();

        foreach (var reference in new[] { skill.GetProperty("latest_version_id").GetString(), skill.GetProperty("latest_version").GetString(), "latest" })
        {
            using var response = await _client.GetAsync($"/v1/skills/{id}/versions/{reference}");
            var version = await response.ReadJsonAsync();
            Assert.Equal(skill.GetProperty("latest_version_id").GetString(), version.GetProperty("id").GetString());
            Assert.Equal("ticket-triage", version.GetProperty("directory").GetString());
        }
    }

    [Fact]
    public async Task Create_FilesInTwoFolders_BadRequest()
    {
        using var response = await _client.PostAsync("/v1/skills",
            Upload("display_title", "x", ("a/SKILL.md", "---\nname: a\ndescription: d\n---\n"), ("b/other.md", "x")));

        await SimTestHelpers.AssertErrorAsync(response, 400, "invalid_request_error", "same top-level directory");
    }

    [Fact]
    public async Task Messages_SkillsWithoutCodeExecutionTool_BadRequest()
    {
        using var response = await _client.PostMessageAsync(SimTestHelpers.Body("Hi",
            extra: ""","container":{"skills":[{"type":"anthropic","skill_id":"pdf","version":"latest"}]}"""));

        await SimTestHelpers.AssertErrorAsync(response, 400, "invalid_request_error", "code execution tool");
    }

    [Fact]
    public async Task Messages_Streaming_EventSequenceAndContainerInMessageDelta()
    {
        using var response = await _client.PostMessageAsync(SimTestHelpers.Body("Read the PDF.", stream: true,
            extra: ""","tools":[{"type":"code_execution_20250825","name":"code_execution"}],"container":{"skills":[{"type":"anthropic","skill_id":"pdf"}]}"""),
            HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        var types = lines.Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l[7..]).ToList();
        var data = lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();

        Assert.Equal([StreamEventTypes.MessageStart, StreamEventTypes.ContentBlockStart, StreamEventTypes.Ping], types.Take(3));
        Assert.Equal([StreamEventTypes.MessageDelta, StreamEventTypes.MessageStop], types.TakeLast(2));
        Assert.Equal(types.Count(t => t == StreamEventTypes.ContentBlockStart), types.Count(t => t == StreamEventTypes.ContentBlockStop));
        Assert.Contains(data, d => d.Contains("\"type\":\"input_json_delta\"", StringComparison.Ordinal));
        Assert.Contains(data, d => d.Contains("\"content_block\":{\"type\":\"bash_code_execution_tool_result\"", StringComparison.Ordinal));
        using var delta = JsonDocument.Parse(data[^2]);
        var container = delta.RootElement.GetProperty("delta").GetProperty("container");
        Assert.StartsWith("container_", container.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.True(container.TryGetProperty("expires_at", out _));
        Assert.Equal("end_turn", delta.RootElement.GetProperty("delta").GetProperty("stop_reason").GetString());
    }
}
