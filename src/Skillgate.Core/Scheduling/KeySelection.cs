namespace Skillgate.Scheduling;

/// <summary>The outcome of a key search: a key, or how long until one may fit and why not now.</summary>
internal readonly record struct KeySelection(KeyState? Key, double ReadyInSeconds, Blocker Blocker);
