using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.Auth;

/// <summary>
/// Maps client keys to tenants. Only SHA-256 hashes of the keys are kept, and a presented key's hash is
/// compared with every stored hash in constant time, so neither the answer's timing nor memory dumps give keys away.
/// </summary>
internal sealed class ClientKeyStore
{
    private readonly (byte[] Hash, Tenant Tenant)[] _entries;

    public ClientKeyStore(IEnumerable<ClientKeyOptions> keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var tenants = new Dictionary<string, Tenant>(StringComparer.Ordinal);
        var entries = new List<(byte[], Tenant)>();
        foreach (var key in keys)
        {
            if (!tenants.TryGetValue(key.Tenant, out var tenant))
            {
                var quota = key.RequestsPerMinute > 0 ? new TenantQuota(key.RequestsPerMinute, time) : null;
                tenant = new Tenant(key.Tenant, key.Priority, quota, [.. key.UpstreamKeys])
                {
                    Redaction = key.Redaction,
                    Deadline = key.Deadline,
                    Scheduling = key.Scheduling,
                };
                tenants[key.Tenant] = tenant;
            }

            entries.Add((Hash(key.Key), tenant));
        }

        _entries = [.. entries];
    }

    /// <summary>Whether callers must present a key at all.</summary>
    public bool Enabled => _entries.Length > 0;

    /// <summary>Finds the tenant of <paramref name="presentedKey"/>, or null for an unknown key.</summary>
    public Tenant? Find(string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return null;
        }

        var hash = Hash(presentedKey);
        Tenant? found = null;
        foreach (var (stored, tenant) in _entries)
        {
            // No early exit: every stored hash is compared.
            if (CryptographicOperations.FixedTimeEquals(stored, hash))
            {
                found = tenant;
            }
        }

        return found;
    }

    /// <summary>The key a request presents: <c>x-api-key</c>, or else <c>Authorization: Bearer</c>.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var apiKey = request.Headers["x-api-key"];
        if (apiKey.Count > 0 && !string.IsNullOrEmpty(apiKey[0]))
        {
            return apiKey[0];
        }

        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value["Bearer ".Length..].Trim();
        }

        return null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
