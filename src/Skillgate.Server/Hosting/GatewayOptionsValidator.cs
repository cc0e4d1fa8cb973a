using System.Net;
using Microsoft.Extensions.Options;
using Skillgate.Upstream;

namespace Skillgate.Server.Hosting;

/// <summary>Checks <see cref="GatewayOptions"/> at start-up; every message names the configuration key at fault.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string S = GatewayOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{S}:Port must be between 0 and 65535 (was {options.Port}).");
        }

        if (options.ListenAddress is { } address)
        {
            if (!IPAddress.TryParse(address, out var ip))
            {
                failures.Add($"{S}:ListenAddress must be an IP address (was '{address}').");
            }
            else if (!IPAddress.IsLoopback(ip) && options.ClientKeys.Count == 0)
            {
                failures.Add($"{S}:ListenAddress '{address}' is not loopback: configure {S}:ClientKeys before listening beyond this machine.");
            }
        }

        if (options.Skills is null || options.Skills.ContinuePauseTurns is < 0 or > 100)
        {
            failures.Add($"{S}:Skills:ContinuePauseTurns must be between 0 and 100 (was {options.Skills?.ContinuePauseTurns}).");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add($"{S}:MaxRequestBodyBytes must be positive (was {options.MaxRequestBodyBytes}).");
        }

        if (options.ReadinessCacheDuration < TimeSpan.Zero)
        {
            failures.Add($"{S}:ReadinessCacheDuration must not be negative.");
        }

        ValidateUpstream(options.Upstream, failures);
        ClientKeyValidation.Validate(options.ClientKeys, options.Upstream?.Keys ?? [], failures);
        GatewaySchedulerValidation.Validate(options.Scheduler, failures);
        AdminAccess.Validate(options.AdminKeys, options.ClientKeys, failures);

        if (options.Redaction is null)
        {
            failures.Add($"{S}:Redaction is required.");
        }
        ValidateWebSocket(options.WebSocket, failures);
        Conversations.ConversationOptionsValidation.Validate(options.Conversations, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUpstream(GatewayUpstreamOptions? upstream, List<string> failures)
    {
        if (upstream is null)
        {
            failures.Add($"{S}:Upstream is required.");
            return;
        }

        if (upstream.BaseUrl is null)
        {
            failures.Add($"{S}:Upstream:BaseUrl is required.");
        }
        else if (!upstream.BaseUrl.IsAbsoluteUri || (upstream.BaseUrl.Scheme != Uri.UriSchemeHttp && upstream.BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{S}:Upstream:BaseUrl must be an absolute http:// or https:// URL.");
        }

        if (upstream.Keys.Count == 0)
        {
            failures.Add($"{S}:Upstream:Keys needs at least one key.");
        }

        for (var i = 0; i < upstream.Keys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(upstream.Keys[i]))
            {
                failures.Add($"{S}:Upstream:Keys:{i} is empty.");
            }
        }

        if (upstream.RequestsPerMinute < 1 || upstream.InputTokensPerMinute < 1 || upstream.OutputTokensPerMinute < 1)
        {
            failures.Add($"{S}:Upstream:RequestsPerMinute, InputTokensPerMinute and OutputTokensPerMinute must be positive.");
        }

        ClientKeyValidation.ValidateKeyLimits(upstream.KeyLimits, $"{S}:Upstream:KeyLimits", failures);

        if (upstream.CircuitBreaker is null)
        {
            failures.Add($"{S}:Upstream:CircuitBreaker must not be null.");
        }
        else
        {
            upstream.CircuitBreaker.Validate($"{S}:Upstream:CircuitBreaker", failures);
        }

        if (upstream.MaxRetries < 0)
        {
            failures.Add($"{S}:Upstream:MaxRetries must not be negative (was {upstream.MaxRetries}).");
        }

        if (upstream.MaxConnections < 1)
        {
            failures.Add($"{S}:Upstream:MaxConnections must be at least 1 (was {upstream.MaxConnections}).");
        }

        if (upstream.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:Upstream:ConnectTimeout must be positive.");
        }

        if (upstream.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:Upstream:ResponseTimeout must be positive.");
        }
    }

    private static void ValidateWebSocket(GatewayWebSocketOptions? ws, List<string> failures)
    {
        const string P = S + ":WebSocket";
        if (ws is null)
        {
            failures.Add($"{P} is required.");
            return;
        }

        if (ws.PingInterval <= TimeSpan.Zero)
        {
            failures.Add($"{P}:PingInterval must be positive.");
        }

        if (ws.PingTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{P}:PingTimeout must be positive.");
        }

        if (ws.MaxMessageBytes < 1024)
        {
            failures.Add($"{P}:MaxMessageBytes must be at least 1024 (was {ws.MaxMessageBytes}).");
        }

        if (ws.SendBufferEvents < 1)
        {
            failures.Add($"{P}:SendBufferEvents must be at least 1 (was {ws.SendBufferEvents}).");
        }

        if (ws.SlowReaderTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{P}:SlowReaderTimeout must be positive.");
        }

        if (ws.ResumeWindow < TimeSpan.Zero)
        {
            failures.Add($"{P}:ResumeWindow must not be negative.");
        }

        if (ws.MaxResumeBufferBytes < 64 * 1024)
        {
            failures.Add($"{P}:MaxResumeBufferBytes must be at least 65536 (was {ws.MaxResumeBufferBytes}).");
        }

        if (ws.MaxStreamsPerConnection < 1)
        {
            failures.Add($"{P}:MaxStreamsPerConnection must be at least 1 (was {ws.MaxStreamsPerConnection}).");
        }
    }
}
