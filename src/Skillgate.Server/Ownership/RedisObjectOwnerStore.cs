using StackExchange.Redis;

namespace Skillgate.Server.Ownership;

/// <summary>
/// The owner map in Redis (one hash per object, expiring with it), shared by every gateway instance on the same Redis.
/// </summary>
internal sealed class RedisObjectOwnerStore(ConnectionMultiplexer redis, TimeProvider time) : IObjectOwnerStore
{
    private const string Prefix = "skillgate:object:";
    private static readonly RedisValue KindField = "kind";
    private static readonly RedisValue TenantField = "tenant";
    private static readonly RedisValue KeyField = "key";
    private static readonly RedisValue ExpiresField = "expires";

    public async Task RecordAsync(OwnedObject owned, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = (RedisKey)(Prefix + owned.Id);
        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            new HashEntry(KindField, owned.Kind),
            new HashEntry(TenantField, owned.Tenant),
            new HashEntry(KeyField, owned.KeyFingerprint),
            new HashEntry(ExpiresField, owned.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0),
        ]);
        _ = owned.ExpiresAt is { } at ? transaction.KeyExpireAsync(key, at.UtcDateTime) : transaction.KeyPersistAsync(key);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);
    }

    public async Task<OwnedObject?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var fields = await redis.GetDatabase().HashGetAllAsync(Prefix + id).WaitAsync(cancellationToken);
        if (fields.Length == 0)
        {
            return null;
        }

        var values = fields.ToDictionary(f => f.Name, f => f.Value);
        var expiresMs = (long)values.GetValueOrDefault(ExpiresField, 0);
        DateTimeOffset? expires = expiresMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(expiresMs) : null;
        if (expires is { } at && at <= time.GetUtcNow())
        {
            return null;
        }

        return new OwnedObject(id, values[KindField].ToString(), values[TenantField].ToString(), values[KeyField].ToString(), expires);
    }

    public Task ForgetAsync(string id, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyDeleteAsync(Prefix + id).WaitAsync(cancellationToken);

    public ValueTask DisposeAsync() => redis.DisposeAsync();
}
