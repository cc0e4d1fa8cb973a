namespace Skillgate.Skills;

/// <summary>Why a portable skill run failed (<see cref="SkillRunException.Error"/>).</summary>
public enum SkillRunError
{
    /// <summary>A skill folder of the set is invalid, missing, or two skills share a name.</summary>
    InvalidSkillSet,

    /// <summary>The run names a skill the set does not hold.</summary>
    UnknownSkill,

    /// <summary>The model kept calling the runtime's tools past <see cref="PortableSkillOptions.MaxToolIterations"/>.</summary>
    TooManyToolIterations,
}
