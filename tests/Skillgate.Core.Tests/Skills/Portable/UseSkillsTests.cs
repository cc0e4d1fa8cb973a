using Microsoft.Extensions.AI;
using Skillgate.AI;
using Skillgate.Core.Tests.Upstream;
using Skillgate.Simulator;
using Skillgate.Skills;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Skills.Portable;

/// <summary>The library's portable loop against the simulator: its directives make the model call the runtime's tools.</summary>
public sealed class UseSkillsTests : IAsyncLifetime, IDisposable
{
    private readonly TempSkill _temp = new();
    private SimulatorHost? _simulator;
    private UpstreamClient? _transport;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1 });
        var transport = TransportFixture.Options(_simulator.BaseAddress);
        transport.Keys.Clear();
        transport.Keys.Add(new UpstreamKeyOptions { Id = "sim", Value = SimulatorOptions.DefaultKey });
        _transport = new UpstreamClient(transport);
        var dir = _temp.Skill("pdf-tools", TempSkill.Markdown(
            "name: pdf-tools\ndescription: Extracts text from PDF files.",
            "# PDF tools\n\nRead the reference. [[sim:tool=read_skill_file:{\"skill\":\"pdf-tools\", \"path\":\"references/REFERENCE.md\"}]]\n"));
        TempSkill.Write(dir, "references/REFERENCE.md", "# Reference\n\nLevel three.\n");
        _temp.Skill("looper", TempSkill.Markdown("name: looper\ndescription: Loops.", "Again [[sim:tool=load_skill:{\"name\":\"looper\"}]]\n"));
    }

    [Fact]
    public async Task GetResponseAsync_LoadThenRead_RunsLevelsTwoAndThree()
    {
        using var chat = Client();
        var response = await chat.GetResponseAsync("Extract this PDF [[sim:tool=load_skill:{\"name\":\"pdf-tools\"}]]");
        var results = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Equal(2, results.Count);
        Assert.Contains("# PDF tools", (string)results[0].Result!, StringComparison.Ordinal);
        Assert.Contains("Level three.", (string)results[1].Result!, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.False(string.IsNullOrEmpty(response.Messages[^1].Text));
        Assert.Equal(3, _simulator!.GetStats().Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LoadThenRead_YieldsEveryTurn()
    {
        using var chat = Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync("Extract [[sim:tool=load_skill:{\"name\":\"pdf-tools\"}]]"))
        {
            updates.Add(update);
        }

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Select(c => c.Name).ToList();
        Assert.Equal([PortableSkillRuntime.LoadSkillTool, PortableSkillRuntime.ReadSkillFileTool], calls);
        Assert.Equal(2, updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Count());
        Assert.Equal(0, _transport!.InFlight);
    }

    [Fact]
    public async Task GetResponseAsync_ActiveSkill_SkipsLoad()
    {
        using var chat = Client();
        var options = new ChatOptions { AdditionalProperties = new() { [SkillgateChatOptions.Skill] = "pdf-tools" } };
        var response = await chat.GetResponseAsync("Extract [[sim:echo=request]]", options);
        Assert.Contains("# PDF tools", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ModelNeverStops_ThrowsTooManyIterations()
    {
        using var chat = Client(new PortableSkillOptions { MaxToolIterations = 3 });
        var error = await Assert.ThrowsAsync<SkillRunException>(() => chat.GetResponseAsync("Go [[sim:tool=load_skill:{\"name\":\"looper\"}]]"));
        Assert.Equal(SkillRunError.TooManyToolIterations, error.Error);
        Assert.Equal(4, _simulator!.GetStats().Requests);
    }

    public async Task DisposeAsync()
    {
        _transport?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    private IChatClient Client(PortableSkillOptions? options = null) =>
        new SkillgateChatClient(_transport!, "claude-sonnet-4-5", 512, _simulator!.BaseAddress)
            .AsBuilder()
            .UseSkills(_temp.Root, options)
            .Build();
}
