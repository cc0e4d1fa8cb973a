namespace Skillgate.Server.Ownership;

/// <summary>The durable map from an upstream object's id to its owner (SQLite by default, Redis when configured).</summary>
internal interface IObjectOwnerStore : IAsyncDisposable
{
    /// <summary>Records (or replaces) an object's owner.</summary>
    Task RecordAsync(OwnedObject owned, CancellationToken cancellationToken);

    /// <summary>The object's owner, or null when the gateway never saw the id or the object has expired.</summary>
    Task<OwnedObject?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets an object (it was deleted upstream).</summary>
    Task ForgetAsync(string id, CancellationToken cancellationToken);
}
