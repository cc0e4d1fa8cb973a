using Skillgate.Server.Ownership;

namespace Skillgate.Server.Relay;

/// <summary>
/// Where a relayed path stands among the upstream's workspace-scoped collections: <c>/v1/messages/batches</c>,
/// <c>/v1/files</c>, <c>/v1/skills</c> (and their objects' sub-paths: results, cancel, content, versions...).
/// </summary>
/// <param name="Kind">The kind of the collection's objects, or null for a path outside them.</param>
/// <param name="Id">The object's id when the path names one (<c>/v1/files/{id}/content</c>), else null.</param>
/// <param name="SubPath">Whether the path goes on after the id.</param>
internal readonly record struct ObjectRoute(string? Kind, string? Id, bool SubPath)
{
    private static readonly (string Prefix, string Kind)[] Collections =
    [
        ("/v1/messages/batches", ObjectKinds.Batch),
        ("/v1/files", ObjectKinds.File),
        ("/v1/skills", ObjectKinds.Skill),
    ];

    /// <summary>The whole collection (create with POST, list with GET).</summary>
    public bool IsCollection => Kind is not null && Id is null;

    public static ObjectRoute Of(string path)
    {
        foreach (var (prefix, kind) in Collections)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = path.AsSpan(prefix.Length).TrimEnd('/');
            if (rest.IsEmpty)
            {
                return new ObjectRoute(kind, null, false);
            }

            if (rest[0] != '/')
            {
                continue;
            }

            rest = rest[1..];
            var slash = rest.IndexOf('/');
            var id = slash < 0 ? rest : rest[..slash];
            return id.IsEmpty ? default : new ObjectRoute(kind, id.ToString(), slash >= 0);
        }

        return default;
    }
}
