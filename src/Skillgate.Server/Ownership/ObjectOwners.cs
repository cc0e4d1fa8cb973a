using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using StackExchange.Redis;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Ownership;

/// <summary>
/// Who owns each upstream object created through the gateway: only the creating tenant may name it (any other
/// tenant gets the same 404 as for an id that does not exist), and every call naming it goes to the key that created
/// it. Kept in the gateway's store (<c>Conversations:Store</c>: the SQLite file, or Redis shared by instances),
/// opened on first use, with the objects this instance has seen cached in memory.
/// </summary>
internal sealed partial class ObjectOwners(GatewayOptions options, TimeProvider time, ILogger<ObjectOwners> logger) : IAsyncDisposable
{
    private const int CacheLimit = 100_000;
    private readonly ConcurrentDictionary<string, OwnedObject> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IObjectOwnerStore? _store;

    /// <summary>Records that <paramref name="tenant"/> created <paramref name="id"/> with the key of <paramref name="keyFingerprint"/>.</summary>
    public async Task RecordAsync(string id, string kind, Tenant tenant, string keyFingerprint, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var owned = new OwnedObject(id, kind, tenant.Name, keyFingerprint, expiresAt);
        var store = await StoreAsync(cancellationToken);

        // Never cancelled half-way: the object exists upstream now, and an unrecorded one would be lost to its tenant.
        await store.RecordAsync(owned, CancellationToken.None);
        Remember(owned);
    }

    /// <summary>
    /// The owner of <paramref name="id"/> when the gateway created it (its calls then go to that key), or null for an id
    /// it never saw (the call goes where the tenant's calls go, and the upstream answers for it).
    /// </summary>
    /// <exception cref="GatewayException">404 <c>not_found_error</c>: another tenant owns it.</exception>
    public async Task<OwnedObject?> ResolveAsync(string id, Tenant tenant, CancellationToken cancellationToken)
    {
        var owned = await FindAsync(id, cancellationToken);
        if (owned is not null && !string.Equals(owned.Tenant, tenant.Name, StringComparison.Ordinal))
        {
            LogForeignObject(logger, tenant.Name, owned.Kind);
            throw NotFound(id);
        }

        return owned;
    }

    /// <summary>The owner of <paramref name="id"/>, or null; no tenant check.</summary>
    public async Task<OwnedObject?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(id, out var cached))
        {
            if (cached.ExpiresAt is not { } at || at > time.GetUtcNow())
            {
                return cached;
            }

            _cache.TryRemove(id, out _);
        }

        var store = await StoreAsync(cancellationToken);
        var found = await store.FindAsync(id, cancellationToken);
        if (found is not null)
        {
            Remember(found);
        }

        return found;
    }

    /// <summary>Forgets a deleted object.</summary>
    public async Task ForgetAsync(string id, CancellationToken cancellationToken)
    {
        _cache.TryRemove(id, out _);
        var store = await StoreAsync(cancellationToken);
        await store.ForgetAsync(id, CancellationToken.None);
    }

    /// <summary>The error a tenant gets for an object it does not own: the upstream's own answer for an unknown id.</summary>
    public static GatewayException NotFound(string id) =>
        new(404, AnthropicErrorTypes.NotFound, $"No object with id '{id}' was found.");

    public async ValueTask DisposeAsync()
    {
        if (_store is { } store)
        {
            await store.DisposeAsync();
        }

        _gate.Dispose();
    }

    private void Remember(OwnedObject owned)
    {
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[owned.Id] = owned;
    }

    private async ValueTask<IObjectOwnerStore> StoreAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _store) is { } store)
        {
            return store;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _store ??= await OpenAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IObjectOwnerStore> OpenAsync()
    {
        var configured = options.Conversations.Store;
        if (configured.StartsWith(StoreNames.RedisPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(configured[StoreNames.RedisPrefix.Length..]);
            return new RedisObjectOwnerStore(redis, time);
        }

        var path = configured.StartsWith(StoreNames.SqlitePrefix, StringComparison.OrdinalIgnoreCase) ? configured[StoreNames.SqlitePrefix.Length..] : configured;
        return new SqliteObjectOwnerStore(path, time);
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Tenant {Tenant} named a {Kind} another tenant owns; answered 404")]
    private static partial void LogForeignObject(ILogger logger, string tenant, string kind);
}
