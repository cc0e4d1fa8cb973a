namespace Skillgate.Simulator.Skills;

/// <summary>The containers of code execution, per workspace. A container expires <see cref="Lifetime"/> after its
/// creation; an expired, unknown or other workspace's id is not found.</summary>
internal sealed class ContainerStore(TimeProvider time)
{
    /// <summary>How long a container lives (the published 30 days).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SimContainer> _byId = new(StringComparer.Ordinal);

    public SimContainer Create(string id, string workspace)
    {
        var now = time.GetUtcNow();
        var container = new SimContainer { Id = id, Workspace = workspace, CreatedAt = now, ExpiresAt = now + Lifetime };
        lock (_lock)
        {
            _byId.Add(id, container);
        }

        return container;
    }

    public SimContainer? Find(string workspace, string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var container) && container.Workspace == workspace && container.ExpiresAt > time.GetUtcNow()
                ? container
                : null;
        }
    }
}
