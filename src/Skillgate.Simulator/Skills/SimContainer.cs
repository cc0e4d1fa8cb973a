namespace Skillgate.Simulator.Skills;

/// <summary>A code-execution container: created by the first message that needs one, reused when its id is passed
/// back, visible only to the workspace that created it.</summary>
internal sealed class SimContainer
{
    public required string Id { get; init; }

    public required string Workspace { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The skills loaded by the last request that named some; a request passing only the id keeps them.</summary>
    public IReadOnlyList<ResolvedSkill> Skills { get; set; } = [];
}
