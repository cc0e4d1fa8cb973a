using System.Text;
using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator.Files;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Generation;

/// <summary>The deterministic reply of the simulated model to a request with a container: on a new turn it names the
/// skills (name and description), reads each one's <c>SKILL.md</c> with <c>text_editor_code_execution</c>, runs
/// <c>bash_code_execution</c> that writes an output file (stored in the workspace's Files, downloadable), then sums up
/// and ends the turn, or stops with <c>pause_turn</c> while <c>[[sim:pause_turn=N]]</c> asks for more turns.</summary>
internal sealed class SkillReply
{
    private SkillReply(string messageId, string model, int inputTokens, SimContainer container)
    {
        MessageId = messageId;
        Model = model;
        InputTokens = inputTokens;
        Container = container;
    }

    public string MessageId { get; }

    public string Model { get; }

    public int InputTokens { get; }

    public SimContainer Container { get; }

    public List<ReplyBlock> Blocks { get; } = [];

    public int OutputTokens { get; private set; }

    public string StopReason { get; private set; } = StopReasons.EndTurn;

    public static SkillReply Create(SimulatorState state, string workspace, string model, int inputTokens, SimContainer container,
        ContainerCall call, ulong seed)
    {
        var reply = new SkillReply(state.Ids.Next("msg_"), model, inputTokens, container);
        var skills = container.Skills;
        var names = skills.Count > 0 ? string.Join(", ", skills.Select(s => s.Version.Name)) : "code execution";
        if (call.Continuations == 0)
        {
            reply.AddText(skills.Count > 0
                ? "I will use the skills: " + string.Join("; ", skills.Select(s => $"{s.Version.Name} ({s.Version.Description})"))
                : "I will run code in the container.");
            foreach (var skill in skills)
            {
                reply.AddView(state, skill.Version);
            }
        }

        reply.AddRun(state, workspace, names, call, skills.Count > 0 ? skills[0].Version.Name : "output");
        if (call.Continuations < call.Directives.PauseTurns)
        {
            reply.StopReason = StopReasons.PauseTurn;
            return reply;
        }

        var random = new SimRandom(seed);
        var words = call.Directives.OutputTokens > 0 ? call.Directives.OutputTokens : random.Next(8, 20);
        var summary = new StringBuilder($"Done with {names}.");
        for (var i = 0; i < words; i++)
        {
            summary.Append(' ').Append(Encoding.UTF8.GetString(WordList.Words[random.Next(0, WordList.Words.Length - 1)]));
        }

        reply.AddText(summary.Append('.').ToString());
        return reply;
    }

    private void AddText(string text)
    {
        Blocks.Add(ReplyBlock.OfText(text));
        OutputTokens += text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private string AddToolUse(SimulatorState state, string name, Action<Utf8JsonWriter> input)
    {
        var id = state.Ids.Next("srvtoolu_");
        var json = Json(input);
        Blocks.Add(ReplyBlock.ServerToolUse(id, name, json));
        OutputTokens += 10 + ((json.Length + 3) / 4);
        return id;
    }

    private void AddView(SimulatorState state, StoredSkillVersion version)
    {
        var id = AddToolUse(state, "text_editor_code_execution", w =>
        {
            w.WriteString("command"u8, "view"u8);
            w.WriteString("path"u8, $"/skills/{version.Directory}/SKILL.md");
        });
        var lines = version.SkillMd.Split('\n').Length;
        Blocks.Add(ReplyBlock.Result(Json(w =>
        {
            w.WriteString("type"u8, "text_editor_code_execution_tool_result"u8);
            w.WriteString("tool_use_id"u8, id);
            w.WriteStartObject("content"u8);
            w.WriteString("type"u8, "text_editor_code_execution_view_result"u8);
            w.WriteString("file_type"u8, "text"u8);
            w.WriteString("content"u8, version.SkillMd);
            w.WriteNumber("num_lines"u8, lines);
            w.WriteNumber("start_line"u8, 1);
            w.WriteNumber("total_lines"u8, lines);
            w.WriteEndObject();
        })));
    }

    private void AddRun(SimulatorState state, string workspace, string names, ContainerCall call, string stem)
    {
        var filename = $"{stem}-result-{call.Continuations + 1}.txt";
        var id = AddToolUse(state, "bash_code_execution", w =>
            w.WriteString("command"u8, $"python3 /tmp/run.py > /tmp/outputs/{filename} && cat /tmp/outputs/{filename}"));
        var output = $"Ran {names} in {Container.Id} (step {call.Continuations + 1}) for: {call.UserText}\n";
        var file = new StoredFile
        {
            Id = state.Ids.Next("file_"),
            Workspace = workspace,
            Filename = filename,
            MimeType = "text/plain",
            Content = Encoding.UTF8.GetBytes(output),
            CreatedAt = state.Time.GetUtcNow(),
            Downloadable = true,
        };
        var stored = state.Files.TryAdd(file);
        Blocks.Add(ReplyBlock.Result(Json(w =>
        {
            w.WriteString("type"u8, "bash_code_execution_tool_result"u8);
            w.WriteString("tool_use_id"u8, id);
            w.WriteStartObject("content"u8);
            w.WriteString("type"u8, "bash_code_execution_result"u8);
            w.WriteString("stdout"u8, output);
            w.WriteString("stderr"u8, ""u8);
            w.WriteNumber("return_code"u8, 0);
            w.WriteStartArray("content"u8);
            if (stored)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "bash_code_execution_output"u8);
                w.WriteString("file_id"u8, file.Id);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        })));
    }

    // An object's members written by write, as a JSON string.
    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBuffer(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
