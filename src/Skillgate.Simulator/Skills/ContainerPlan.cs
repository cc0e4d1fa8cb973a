namespace Skillgate.Simulator.Skills;

/// <summary>A validated container request: the call, its skills resolved (null when it named none), and the container
/// it reuses (null: a new one is created when the reply starts, so a refused request creates none).</summary>
internal sealed record ContainerPlan(ContainerCall Call, IReadOnlyList<ResolvedSkill>? Skills, SimContainer? Existing);
