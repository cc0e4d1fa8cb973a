using Skillgate.Protocol;
using Spectre.Console;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>
/// Writes a streamed answer to the terminal as its text deltas arrive, and tells whether it completed
/// (<c>message_stop</c>) or failed (an <c>error</c> event, a cut connection, a stream that ended early).
/// </summary>
internal sealed class AnswerPrinter(IAnsiConsole console)
{
    private bool _atLineStart = true;

    public async Task<AnswerOutcome> PrintAsync(Stream events, CancellationToken cancellationToken)
    {
        long input = 0;
        try
        {
            await foreach (var evt in SseEventReader.ReadAsync(events, cancellationToken))
            {
                switch (evt)
                {
                    case MessageStartEvent start:
                        input = start.Message.Usage.TotalInputTokens;
                        break;
                    case ContentBlockDeltaEvent { Delta: TextDelta delta }:
                        Write(delta.Text);
                        break;
                    case ErrorEvent error:
                        return AnswerOutcome.Failed(error.Error?.Message ?? "the answer stream carried an error");
                    case MessageStopEvent:
                        return AnswerOutcome.Completed(input);
                }
            }

            return AnswerOutcome.Failed("the answer stream ended before the answer was complete");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            return AnswerOutcome.Failed($"the answer stream was cut ({ex.Message})");
        }
        finally
        {
            EndLine();
        }
    }

    /// <summary>Ends the current line if text was written on it.</summary>
    public void EndLine()
    {
        if (!_atLineStart)
        {
            Write("\n");
        }
    }

    private void Write(string text)
    {
        text = TerminalText.Clean(text);
        if (text.Length == 0)
        {
            return;
        }

        // Raw, not through markup or Spectre's wrapping: a delta is a fragment of a line, and the model's text is not markup.
        var writer = console.Profile.Out.Writer;
        writer.Write(text);
        writer.Flush();
        _atLineStart = text[^1] == '\n';
    }
}
