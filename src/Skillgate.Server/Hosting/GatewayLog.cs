using Microsoft.Extensions.Logging;

namespace Skillgate.Server.Hosting;

/// <summary>The host's log messages (never keys or content).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Skillgate gateway listening on {Address}")]
    public static partial void Listening(ILogger logger, Uri address);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "No client keys configured: listening on loopback only, without authentication")]
    public static partial void LoopbackOnly(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Forwarding to {Upstream} with {KeyCount} upstream key(s), HTTP/2 {Http2}")]
    public static partial void Upstream(ILogger logger, Uri upstream, int keyCount, bool http2);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Messages pipeline: scheduler {Scheduler}, redaction {Redaction}")]
    public static partial void Pipeline(ILogger logger, bool scheduler, string redaction);
}
