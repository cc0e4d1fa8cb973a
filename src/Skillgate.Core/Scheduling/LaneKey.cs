namespace Skillgate.Scheduling;

/// <summary>What names a lane: the upstream and key its waiters are restricted to (null: any) and the model. No string is built per call.</summary>
internal readonly record struct LaneKey(string? Upstream, string? KeyFingerprint, string Model);
