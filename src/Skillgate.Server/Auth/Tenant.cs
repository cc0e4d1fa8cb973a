namespace Skillgate.Server.Auth;

/// <summary>Who a request is for: the tenant behind the client key, with its priority, quota and reserved upstream keys.</summary>
internal sealed class Tenant(string name, int priority, TenantQuota? quota, string[]? upstreamKeys = null)
{
    /// <summary>The tenant every request gets when no client keys are configured.</summary>
    public static Tenant Anonymous { get; } = new("default", 5, null);

    public string Name { get; } = name;

    public int Priority { get; } = priority;

    public TenantQuota? Quota { get; } = quota;

    /// <summary>Upstream keys only this tenant uses; empty for the shared pool.</summary>
    public string[] UpstreamKeys { get; } = upstreamKeys ?? [];

    /// <summary>The tenant's redaction mode, or null for the gateway's.</summary>
    public Skillgate.Redaction.RedactionMode? Redaction { get; init; }

    /// <summary>How long the tenant's requests may wait for admission, or null for the gateway's default.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Whether the tenant's requests are admitted through the scheduler.</summary>
    public bool Scheduling { get; init; } = true;
}
