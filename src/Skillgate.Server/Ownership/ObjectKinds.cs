namespace Skillgate.Server.Ownership;

/// <summary>The kinds of upstream objects the gateway pins to their tenant and key, and how long the upstream keeps each.</summary>
internal static class ObjectKinds
{
    public const string Batch = "message_batch";
    public const string File = "file";
    public const string Skill = "skill";
    public const string Container = "container";

    /// <summary>Message batches and their results are kept for 29 days after creation.</summary>
    public static readonly TimeSpan BatchLifetime = TimeSpan.FromDays(29);
}
