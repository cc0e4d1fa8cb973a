namespace Skillgate.Simulator.Generation;

/// <summary>One content block of a code-execution reply: a <c>text</c> block (<see cref="Text"/>), a
/// <c>server_tool_use</c> block (<see cref="Id"/>, <see cref="Name"/>, <see cref="Json"/> = its input), or a tool result
/// block (<see cref="Json"/> = the whole block, sent at once as the real API does).</summary>
internal sealed record ReplyBlock(ReplyBlockKind Kind, string Json, string? Id = null, string? Name = null, string? Text = null)
{
    public static ReplyBlock OfText(string text) => new(ReplyBlockKind.Text, "", Text: text);

    public static ReplyBlock ServerToolUse(string id, string name, string inputJson) => new(ReplyBlockKind.ServerToolUse, inputJson, id, name);

    public static ReplyBlock Result(string blockJson) => new(ReplyBlockKind.ToolResult, blockJson);
}
