using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Errors;
using Skillgate.Upstream;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Conversations;

/// <summary>The streaming half: events pass to the caller as bytes while the answer is rebuilt beside them.</summary>
internal sealed partial class TurnHandler
{
    private async Task StreamAsync(HttpContext context, HttpResponseMessage message, Persist persist, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-cache";
        var reader = new SsePushReader();
        var answer = new AnswerAccumulator();
        var persisted = false;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        metrics.StreamOpened("sse");
        try
        {
            await using var stream = await message.Content.ReadAsStreamAsync(cancellationToken);
            await response.StartAsync(cancellationToken);
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                reader.Feed(buffer.AsSpan(0, read), answer.OnEvent);

                // Persisted before message_stop reaches the caller: a caller that saw the end can read the answer back.
                if (answer.Complete && !answer.Failed && !persisted)
                {
                    persisted = true;
                    await persist.AppendAsync(answer.ToMessageJson(), answer.InputTokens, answer.OutputTokens);
                }

                await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            LogStreamCut(logger, ex.GetType().Name);
            var error = AnthropicError.ToJson(AnthropicErrorTypes.Api, "The upstream stream ended unexpectedly; the answer was not saved.", RequestIds.Get(context));
            await response.Body.WriteAsync("event: error\ndata: "u8.ToArray(), CancellationToken.None);
            await response.Body.WriteAsync(error, CancellationToken.None);
            await response.Body.WriteAsync("\n\n"u8.ToArray(), CancellationToken.None);
        }
        finally
        {
            metrics.StreamClosed("sse");
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!persisted)
        {
            LogNotPersisted(logger, answer.Failed ? "the stream carried an error" : "the stream ended before message_stop");
        }
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Conversation stream cut by the upstream ({Reason}); the answer is not persisted")]
    private static partial void LogStreamCut(ILogger logger, string reason);
}
