namespace Skillgate.Server.Ownership;

/// <summary>How <c>Conversations:Store</c> names a store: a SQLite file path, optionally prefixed, or a Redis configuration.</summary>
internal static class StoreNames
{
    public const string RedisPrefix = "redis:";
    public const string SqlitePrefix = "sqlite:";
}
