namespace Skillgate.Cli.Commands.Chat;

/// <summary>How a streamed answer ended: complete (and then stored by the gateway), or failed with a reason.</summary>
internal readonly record struct AnswerOutcome(bool Complete, string? Error, long InputTokens)
{
    public static AnswerOutcome Completed(long inputTokens) => new(true, null, inputTokens);

    public static AnswerOutcome Failed(string error) => new(false, error, 0);
}
