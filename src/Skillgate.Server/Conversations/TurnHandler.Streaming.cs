using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Messages;
using Skillgate.Upstream;

namespace Skillgate.Server.Conversations;

/// <summary>The streaming half: events pass to the caller as bytes while the answer is rebuilt beside them.</summary>
internal sealed partial class TurnHandler
{
    private async Task StreamAsync(HttpContext context, MessageStream stream, Persist persist, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var reader = new SsePushReader();
        var answer = new AnswerAccumulator();
        var persisted = false;
        metrics.StreamOpened("sse");
        try
        {
            await response.StartAsync(cancellationToken);
            await foreach (var run in stream.ReadAsync(cancellationToken))
            {
                reader.Feed(run.Span, answer.OnEvent);

                // Persisted before message_stop reaches the caller: a caller that saw the end can read the answer back.
                if (answer.Complete && !answer.Failed && !persisted)
                {
                    persisted = true;
                    await persist.AppendAsync(answer.ToMessageJson(), answer.InputTokens);
                }

                await response.Body.WriteAsync(run, cancellationToken);
            }
        }
        finally
        {
            metrics.StreamClosed("sse");
        }

        if (stream.Error is { } kind)
        {
            LogStreamCut(logger, kind.ToString());
        }

        if (!persisted)
        {
            LogNotPersisted(logger, answer.Failed ? "the stream carried an error" : "the stream ended before message_stop");
        }
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Conversation stream cut by the upstream ({Reason}); the answer is not persisted")]
    private static partial void LogStreamCut(ILogger logger, string reason);
}
