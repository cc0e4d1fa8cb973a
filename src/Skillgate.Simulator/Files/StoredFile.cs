namespace Skillgate.Simulator.Files;

/// <summary>One uploaded file, kept in memory with the workspace of the key that uploaded it.</summary>
internal sealed class StoredFile
{
    public required string Id { get; init; }

    /// <summary>Only keys of this workspace see the file.</summary>
    public required string Workspace { get; init; }

    public required string Filename { get; init; }

    public required string MimeType { get; init; }

    public required byte[] Content { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Upload time plus <c>expires_in_seconds</c>; null when the file does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public required bool Downloadable { get; init; }
}
