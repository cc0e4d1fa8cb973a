using Skillgate.Upstream;

namespace Skillgate.AI;

/// <summary>A chat call's facts for admission, set on its <see cref="UpstreamRequest"/>.</summary>
/// <param name="Tenant">The tenant, or null.</param>
/// <param name="Priority">Interactive (default) or batch.</param>
/// <param name="Deadline">The deadline, or null.</param>
internal readonly record struct ChatAdmissionFacts(string? Tenant, RequestPriority Priority, DateTimeOffset? Deadline);
