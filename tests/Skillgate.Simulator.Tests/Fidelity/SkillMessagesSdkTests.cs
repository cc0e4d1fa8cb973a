using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Messages;
using Anthropic.Models.Beta.Skills;
using Skillgate.Simulator.Tests.Endpoints;
using Skillgate.Simulator.Tests.Skills;

namespace Skillgate.Simulator.Tests.Fidelity;

/// <summary>The official SDK's beta Messages with <c>container.skills</c> and the code-execution tool against the
/// simulator: container ids, reuse, <c>pause_turn</c>, produced files, limits, streamed and not.</summary>
public sealed class SkillMessagesSdkTests : IAsyncLifetime
{
    private const string Model = "claude-sonnet-4-5";

    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync(WorkspaceOptions.TwoWorkspaces());

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private AnthropicClient Client(string key = WorkspaceOptions.KeyA) => new()
    {
        BaseUrl = _sim.BaseAddress.ToString().TrimEnd('/'),
        ApiKey = key,
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static MessageCreateParams Params(string text, Container? container, IReadOnlyList<BetaMessageParam>? history = null) => new()
    {
        Model = Model,
        MaxTokens = 4096,
        Messages = history ?? [User(text)],
        Container = container,
        Tools = [new BetaCodeExecutionTool20250825()],
        Betas = ["code-execution-2025-08-25", "skills-2025-10-02", "files-api-2025-04-14"],
    };

    private static BetaContainerParams Skills(params (string Type, string Id)[] skills) => new()
    {
        Skills = skills.Select(s => new BetaSkillParams
        {
            Type = s.Type == "custom" ? BetaSkillParamsType.Custom : BetaSkillParamsType.Anthropic,
            SkillID = s.Id,
            Version = "latest",
        }).ToList(),
    };

    private async Task<BetaSkill> CreateSkillAsync(AnthropicClient client, string name = "quarterly-report") =>
        await client.Beta.Skills.Create(new SkillCreateParams { Files = SkillFolders.Skill(name) });

    [Fact]
    public async Task Create_CustomAndAnthropicSkills_ReadsSkillsRunsCodeAndReturnsContainer()
    {
        var client = Client();
        var skill = await CreateSkillAsync(client);

        var message = await client.Beta.Messages.Create(Params("Summarize Q3.", Skills(("custom", skill.ID), ("anthropic", "xlsx"))));

        Assert.StartsWith("container_", message.Container!.ID, StringComparison.Ordinal);
        Assert.True(message.Container.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.Equal([skill.ID, "xlsx"], message.Container.Skills!.Select(s => s.SkillID));
        Assert.Equal("end_turn", message.StopReason!.Raw());
        var intro = message.Content[0].Value as BetaTextBlock;
        Assert.Contains("quarterly-report (Summarizes quarterly numbers.)", intro!.Text, StringComparison.Ordinal);
        Assert.Contains("xlsx", intro.Text, StringComparison.Ordinal);
        var tools = message.Content.Select(b => b.Value).OfType<BetaServerToolUseBlock>().ToList();
        Assert.Equal(["text_editor_code_execution", "text_editor_code_execution", "bash_code_execution"], tools.Select(t => t.Name.Raw()));
        Assert.Equal("/skills/quarterly-report/SKILL.md", tools[0].Input["path"].GetString());
        var view = message.Content.Select(b => b.Value).OfType<BetaTextEditorCodeExecutionToolResultBlock>().First();
        Assert.Equal(tools[0].ID, view.ToolUseID);
        Assert.Contains("name: quarterly-report", JsonSerializer.Serialize(view.Content), StringComparison.Ordinal);
        Assert.IsType<BetaTextBlock>(message.Content[^1].Value);
    }

    [Fact]
    public async Task Create_CodeExecutionOutput_IsDownloadableThroughFiles()
    {
        var client = Client();
        var skill = await CreateSkillAsync(client);

        var message = await client.Beta.Messages.Create(Params("Make the report.", Skills(("custom", skill.ID))));
        var result = message.Content.Select(b => b.Value).OfType<BetaBashCodeExecutionToolResultBlock>().Single();
        var fileId = JsonDocument.Parse(JsonSerializer.Serialize(result.Content)).RootElement
            .GetProperty("content")[0].GetProperty("file_id").GetString()!;
        using var download = await client.Beta.Files.Download(fileId);
        var text = await new StreamReader(await download.ReadAsStream(), Encoding.UTF8).ReadToEndAsync();

        Assert.Contains("Make the report.", text, StringComparison.Ordinal);
        Assert.True((await client.Beta.Files.RetrieveMetadata(fileId)).Downloadable);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() => Client(WorkspaceOptions.KeyB).Beta.Files.RetrieveMetadata(fileId));
    }

    [Fact]
    public async Task Create_ContainerPassedBack_IsReused_OtherWorkspaceNotFound()
    {
        var client = Client();
        var first = await client.Beta.Messages.Create(Params("Start.", Skills(("anthropic", "pdf"))));

        var byString = await client.Beta.Messages.Create(Params("Again.", first.Container!.ID));
        var byObject = await Client(WorkspaceOptions.KeyA2).Beta.Messages.Create(
            Params("Again.", new BetaContainerParams { ID = first.Container.ID, Skills = Skills(("anthropic", "docx")).Skills }));

        Assert.Equal(first.Container.ID, byString.Container!.ID);
        Assert.Equal(["pdf"], byString.Container.Skills!.Select(s => s.SkillID));
        Assert.Equal(first.Container.ID, byObject.Container!.ID);
        Assert.Equal(["docx"], byObject.Container.Skills!.Select(s => s.SkillID));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() =>
            Client(WorkspaceOptions.KeyB).Beta.Messages.Create(Params("Steal.", first.Container.ID)));
    }

    [Fact]
    public async Task Create_PauseTurnDirective_PausesThenContinues()
    {
        var client = Client();
        var user = User("Build a long deck. [[sim:pause_turn=2]]");

        var first = await client.Beta.Messages.Create(Params("", Skills(("anthropic", "pptx")), [user]));
        var second = await client.Beta.Messages.Create(Params("", first.Container!.ID, [user, Assistant(first)]));
        var third = await client.Beta.Messages.Create(Params("", first.Container.ID, [user, Assistant(first), Assistant(second)]));

        Assert.Equal("pause_turn", first.StopReason!.Raw());
        Assert.Equal("pause_turn", second.StopReason!.Raw());
        Assert.Equal("end_turn", third.StopReason!.Raw());
        Assert.Equal(first.Container.ID, third.Container!.ID);
        Assert.IsType<BetaTextBlock>(third.Content[^1].Value);
    }

    [Fact]
    public async Task Create_NineSkills_BadRequest_UnknownSkill_NotFound()
    {
        var client = Client();
        var skills = new List<(string, string)>();
        for (var i = 0; i < 9; i++)
        {
            skills.Add(("custom", (await CreateSkillAsync(client, $"skill-{i}")).ID));
        }

        var nine = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => client.Beta.Messages.Create(Params("Go.", Skills([.. skills]))));
        var eight = await client.Beta.Messages.Create(Params("Go.", Skills([.. skills.Take(8)])));

        Assert.Contains("at most 8", nine.Message, StringComparison.Ordinal);
        Assert.Equal(8, eight.Container!.Skills!.Count);
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() =>
            client.Beta.Messages.Create(Params("Go.", Skills(("custom", "skill_01DoesNotExist")))));
        await Assert.ThrowsAsync<AnthropicNotFoundException>(() =>
            Client(WorkspaceOptions.KeyB).Beta.Messages.Create(Params("Go.", Skills(skills[0]))));
    }

    [Fact]
    public async Task CreateStreaming_AggregatesToTheSameContentAsNonStreaming()
    {
        var client = Client();
        var skill = await CreateSkillAsync(client);
        var container = (await client.Beta.Messages.Create(Params("Warm up.", Skills(("custom", skill.ID))))).Container!.ID;

        var plain = await client.Beta.Messages.Create(Params("Same question.", container));
        var streamed = await client.Beta.Messages.CreateStreaming(Params("Same question.", container)).Aggregate();

        Assert.Equal(Shape(plain), Shape(streamed));
        Assert.Equal(plain.StopReason!.Raw(), streamed.StopReason!.Raw());
        Assert.Equal(container, streamed.Container!.ID);
        Assert.Equal(plain.Usage.OutputTokens, streamed.Usage.OutputTokens);
    }

    private static BetaMessageParam User(string text) => new(JsonSerializer.SerializeToElement(new { role = "user", content = text }));

    // What a client sends back to continue after pause_turn: the answer as the assistant turn.
    private static BetaMessageParam Assistant(BetaMessage message) =>
        new(JsonSerializer.SerializeToElement(new { role = "assistant", content = JsonSerializer.SerializeToElement(message.Content) }));

    // Block types and text, with ids removed (ids differ per reply).
    private static string Shape(BetaMessage message) => string.Join("\n", message.Content.Select(b =>
    {
        var json = JsonSerializer.SerializeToElement(b);
        var type = json.GetProperty("type").GetString();
        return type switch
        {
            "text" => "text:" + json.GetProperty("text").GetString(),
            "server_tool_use" => "tool:" + json.GetProperty("name").GetString() + json.GetProperty("input").GetRawText(),
            _ => type + ":" + json.GetProperty("content").GetProperty("type").GetString(),
        };
    }));
}
