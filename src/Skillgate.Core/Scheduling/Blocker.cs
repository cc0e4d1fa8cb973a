namespace Skillgate.Scheduling;

/// <summary>What keeps a request from being admitted now.</summary>
internal enum Blocker
{
    None,
    RateLimit,
    Concurrency,
    NoUsableKey,
    TooLarge,
}
