namespace Skillgate.Simulator.Generation;

/// <summary>The kinds of <see cref="ReplyBlock"/>.</summary>
internal enum ReplyBlockKind
{
    Text,
    ServerToolUse,
    ToolResult,
}
