namespace Skillgate.Server.Auth;

/// <summary>Who a request is for: the tenant behind the client key, with its priority and quota.</summary>
internal sealed class Tenant(string name, int priority, TenantQuota? quota)
{
    /// <summary>The tenant every request gets when no client keys are configured.</summary>
    public static Tenant Anonymous { get; } = new("default", 5, null);

    public string Name { get; } = name;

    public int Priority { get; } = priority;

    public TenantQuota? Quota { get; } = quota;
}
