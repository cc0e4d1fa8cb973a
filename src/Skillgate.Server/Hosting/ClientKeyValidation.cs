namespace Skillgate.Server.Hosting;

/// <summary>
/// Start-up checks of <c>ClientKeys</c> and of per-key upstream limits; every message names the configuration key at
/// fault and never a key's value.
/// </summary>
internal static class ClientKeyValidation
{
    private const string S = GatewayOptions.SectionName;

    public static void Validate(IList<ClientKeyOptions> keys, IList<string> sharedUpstreamKeys, List<string> failures)
    {
        ValidateReservedUpstreamKeys(keys, sharedUpstreamKeys, failures);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var firstOfTenant = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var prefix = $"{S}:ClientKeys:{i}";
            if (key is null)
            {
                failures.Add($"{prefix} is empty.");
                continue;
            }

            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < 8)
            {
                failures.Add($"{prefix}:Key must be at least 8 characters.");
            }
            else if (!seen.Add(key.Key))
            {
                failures.Add($"{prefix}:Key repeats an earlier key.");
            }

            if (string.IsNullOrWhiteSpace(key.Tenant))
            {
                failures.Add($"{prefix}:Tenant is required.");
            }
            else if (!firstOfTenant.TryAdd(key.Tenant, i))
            {
                var first = firstOfTenant[key.Tenant];
                foreach (var setting in Differences(keys[first], key))
                {
                    failures.Add($"{prefix}:{setting} differs from {S}:ClientKeys:{first}:{setting}: the keys of tenant '{key.Tenant}' share its settings, so they must agree.");
                }
            }

            if (key.Priority is < 0 or > 9)
            {
                failures.Add($"{prefix}:Priority must be between 0 and 9 (was {key.Priority}).");
            }

            if (!(key.Weight > 0) || double.IsInfinity(key.Weight))
            {
                failures.Add($"{prefix}:Weight must be a positive number (was {key.Weight}).");
            }

            for (var k = 0; k < key.UpstreamKeys.Count; k++)
            {
                if (string.IsNullOrWhiteSpace(key.UpstreamKeys[k]))
                {
                    failures.Add($"{prefix}:UpstreamKeys:{k} is empty.");
                }
            }

            ValidateKeyLimits(key.UpstreamKeyLimits, $"{prefix}:UpstreamKeyLimits", failures);
            if (key.Deadline <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}:Deadline must be positive (was {key.Deadline}).");
            }

            if (key.RequestsPerMinute < 0)
            {
                failures.Add($"{prefix}:RequestsPerMinute must not be negative (was {key.RequestsPerMinute}).");
            }
        }
    }

    /// <summary>Checks <c>Upstream:KeyLimits</c> or a client key's <c>UpstreamKeyLimits</c>: no negative limit.</summary>
    public static void ValidateKeyLimits(IList<GatewayKeyLimitOptions> limits, string path, List<string> failures)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            if (limits[i] is not { RequestsPerMinute: >= 0, InputTokensPerMinute: >= 0, OutputTokensPerMinute: >= 0 })
            {
                failures.Add($"{path}:{i} must not be negative (0 means the Upstream default).");
            }
        }
    }

    /// <summary>
    /// A tenant's upstream keys are reserved for it: one also in <c>Upstream:Keys</c> or another tenant's list would get
    /// a second set of buckets, and the scheduler would send it up to twice its limits.
    /// </summary>
    private static void ValidateReservedUpstreamKeys(IList<ClientKeyOptions> keys, IList<string> sharedUpstreamKeys, List<string> failures)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sharedUpstreamKeys.Count; i++)
        {
            owners.TryAdd(sharedUpstreamKeys[i] ?? "", $"{S}:Upstream:Keys:{i}");
        }

        var tenants = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is not { } key || !tenants.Add(key.Tenant ?? ""))
            {
                continue;
            }

            for (var k = 0; k < key.UpstreamKeys.Count; k++)
            {
                var path = $"{S}:ClientKeys:{i}:UpstreamKeys:{k}";
                if (!string.IsNullOrWhiteSpace(key.UpstreamKeys[k]) && !owners.TryAdd(key.UpstreamKeys[k], path))
                {
                    failures.Add($"{path} is the same key as {owners[key.UpstreamKeys[k]]}: a tenant's upstream keys are reserved for it (paced apart, they would be sent up to twice their limits).");
                }
            }
        }
    }

    /// <summary>The tenant settings in which <paramref name="other"/> differs from the tenant's first key.</summary>
    private static IEnumerable<string> Differences(ClientKeyOptions first, ClientKeyOptions other)
    {
        if (first.Priority != other.Priority)
        {
            yield return nameof(ClientKeyOptions.Priority);
        }

        if (!first.Weight.Equals(other.Weight))
        {
            yield return nameof(ClientKeyOptions.Weight);
        }

        if (first.RequestsPerMinute != other.RequestsPerMinute)
        {
            yield return nameof(ClientKeyOptions.RequestsPerMinute);
        }

        if (!first.UpstreamKeys.SequenceEqual(other.UpstreamKeys, StringComparer.Ordinal))
        {
            yield return nameof(ClientKeyOptions.UpstreamKeys);
        }

        if (!first.UpstreamKeyLimits.Select(Limits).SequenceEqual(other.UpstreamKeyLimits.Select(Limits)))
        {
            yield return nameof(ClientKeyOptions.UpstreamKeyLimits);
        }

        if (first.Redaction != other.Redaction)
        {
            yield return nameof(ClientKeyOptions.Redaction);
        }

        if (first.Deadline != other.Deadline)
        {
            yield return nameof(ClientKeyOptions.Deadline);
        }

        if (first.Scheduling != other.Scheduling)
        {
            yield return nameof(ClientKeyOptions.Scheduling);
        }
    }

    private static (int, int, int) Limits(GatewayKeyLimitOptions? limits) =>
        limits is null ? default : (limits.RequestsPerMinute, limits.InputTokensPerMinute, limits.OutputTokensPerMinute);
}
