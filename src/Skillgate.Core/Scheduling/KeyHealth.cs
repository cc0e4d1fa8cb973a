namespace Skillgate.Scheduling;

/// <summary>Whether a key may be used.</summary>
internal enum KeyHealth
{
    Healthy,
    Quarantined,
}
