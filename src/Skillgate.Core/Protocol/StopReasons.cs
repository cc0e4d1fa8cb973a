namespace Skillgate.Protocol;

/// <summary>The <c>stop_reason</c> values of a message.</summary>
public static class StopReasons
{
    /// <summary>The model finished its turn.</summary>
    public const string EndTurn = "end_turn";

    /// <summary>The output reached <c>max_tokens</c>.</summary>
    public const string MaxTokens = "max_tokens";

    /// <summary>A stop sequence was generated.</summary>
    public const string StopSequence = "stop_sequence";

    /// <summary>The model wants to call a tool.</summary>
    public const string ToolUse = "tool_use";

    /// <summary>A long-running server tool turn was paused.</summary>
    public const string PauseTurn = "pause_turn";

    /// <summary>The model refused to answer.</summary>
    public const string Refusal = "refusal";
}
