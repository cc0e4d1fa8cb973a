using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Hosting;

/// <summary>
/// Guards the operator pages, <c>/dashboard</c> and <c>/metrics</c>: they name every tenant and key id and show their
/// traffic. A loopback caller is let in; any other caller needs an admin key (<see cref="GatewayOptions.AdminKeys"/>),
/// never a client key. Only SHA-256 hashes of the admin keys are kept, compared with every one in constant time.
/// <c>/metrics</c> stays open to everyone while the gateway has no client key and no admin key (authentication off,
/// as for the API itself).
/// </summary>
internal sealed partial class AdminAccess
{
    public const int MinKeyLength = 16;

    private readonly byte[][] _hashes;
    private readonly ClientKeyStore _clientKeys;
    private readonly ILogger<AdminAccess> _logger;

    public AdminAccess(GatewayOptions options, ClientKeyStore clientKeys, ILogger<AdminAccess> logger)
    {
        _hashes = [.. options.AdminKeys.Select(Hash)];
        _clientKeys = clientKeys;
        _logger = logger;
    }

    /// <summary>Whether the request is for a guarded path.</summary>
    public static bool Guards(PathString path) =>
        path.StartsWithSegments("/dashboard", StringComparison.Ordinal) || path.Equals("/metrics", StringComparison.Ordinal);

    /// <summary>Lets the request through (true), or answers 401/403 itself (false).</summary>
    public async Task<bool> AllowAsync(HttpContext context)
    {
        var isDashboard = context.Request.Path.StartsWithSegments("/dashboard", StringComparison.Ordinal);
        if (IsLocal(context.Connection.RemoteIpAddress) || (!isDashboard && !_clientKeys.Enabled && _hashes.Length == 0))
        {
            return true;
        }

        var presented = PresentedKey(context.Request);
        if (presented is not null && IsAdminKey(presented))
        {
            return true;
        }

        LogRefused(_logger, context.Request.Path.Value ?? "");
        if (presented is not null && _clientKeys.Find(presented) is not null)
        {
            await AnthropicError.WriteAsync(context, 403, AnthropicErrorTypes.Permission, $"{context.Request.Path} needs an admin key (Skillgate:AdminKeys); a client key does not open it.");
            return false;
        }

        // The browser asks for the key itself (any user name, the admin key as the password), and sends it on every later call.
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Skillgate operator\", charset=\"UTF-8\"";
        await AnthropicError.WriteAsync(context, 401, AnthropicErrorTypes.Authentication, $"{context.Request.Path} answers loopback callers, or others with an admin key (Skillgate:AdminKeys).");
        return false;
    }

    /// <summary>Checks <see cref="GatewayOptions.AdminKeys"/>; the messages name the key, never its value.</summary>
    public static void Validate(IList<string>? adminKeys, IList<ClientKeyOptions>? clientKeys, List<string> failures)
    {
        if (adminKeys is null)
        {
            return;
        }

        var clientKeyValues = new HashSet<string>((clientKeys ?? []).Select(k => k.Key).Where(k => k is not null), StringComparer.Ordinal);
        for (var i = 0; i < adminKeys.Count; i++)
        {
            var key = adminKeys[i];
            if (string.IsNullOrWhiteSpace(key) || key.Length < MinKeyLength)
            {
                failures.Add($"{GatewayOptions.SectionName}:AdminKeys:{i} must be at least {MinKeyLength} characters.");
            }
            else if (clientKeyValues.Contains(key))
            {
                failures.Add($"{GatewayOptions.SectionName}:AdminKeys:{i} is also a client key: an admin key must be one of its own.");
            }
        }
    }

    /// <summary>Loopback, or no IP at all (a Unix socket, a named pipe or an in-process server: this machine).</summary>
    private static bool IsLocal(IPAddress? address) =>
        address is null || IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));

    private bool IsAdminKey(string presented)
    {
        var hash = Hash(presented);
        var found = false;
        foreach (var stored in _hashes)
        {
            // No early exit: every stored hash is compared.
            found |= CryptographicOperations.FixedTimeEquals(stored, hash);
        }

        return found;
    }

    /// <summary><c>x-api-key</c>, <c>Authorization: Bearer</c>, or the password of <c>Authorization: Basic</c>.</summary>
    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.Count > 0 ? request.Headers.Authorization[0] : null;
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 && colon < decoded.Length - 1 ? decoded[(colon + 1)..] : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var key = ClientKeyStore.PresentedKey(request);
        return string.IsNullOrEmpty(key) ? null : key;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Refused a caller without an admin key on {Path}")]
    private static partial void LogRefused(ILogger logger, string path);
}
