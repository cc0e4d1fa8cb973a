namespace Skillgate.Server.Ownership;

/// <summary>
/// An object the upstream minted for a call through the gateway (a message batch, a file, a skill, a container): the
/// tenant that created it, the only one that may name it, and the upstream key whose workspace holds it.
/// </summary>
/// <param name="Id">The upstream's id, e.g. <c>msgbatch_...</c>.</param>
/// <param name="Kind">What it is (<see cref="ObjectKinds"/>).</param>
/// <param name="Tenant">The tenant that created it.</param>
/// <param name="KeyFingerprint">The fingerprint of the upstream key that created it (never the key).</param>
/// <param name="ExpiresAt">When the upstream forgets it; null while it lives until deleted.</param>
internal sealed record OwnedObject(string Id, string Kind, string Tenant, string KeyFingerprint, DateTimeOffset? ExpiresAt);
