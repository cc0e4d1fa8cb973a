namespace Skillgate.Simulator.Files;

/// <summary>In-memory Files API storage, bounded in total bytes; each file belongs to the workspace of the key
/// that uploaded it and is invisible to other workspaces.</summary>
internal sealed class FileStore(long maxTotalBytes)
{
    private readonly Lock _lock = new();
    private readonly List<StoredFile> _files = [];
    private readonly Dictionary<string, StoredFile> _byId = new(StringComparer.Ordinal);
    private long _totalBytes;

    /// <summary>Bytes held by all workspaces.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>Stores <paramref name="file"/>; false when it would take the store above its byte limit.</summary>
    public bool TryAdd(StoredFile file)
    {
        lock (_lock)
        {
            if (_totalBytes + file.Content.Length > maxTotalBytes)
            {
                return false;
            }

            _files.Add(file);
            _byId.Add(file.Id, file);
            _totalBytes += file.Content.Length;
            return true;
        }
    }

    /// <summary>The file, or null when it does not exist, was deleted or belongs to another workspace (the real API
    /// does not tell these apart).</summary>
    public StoredFile? Find(string workspace, string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var file) && file.Workspace == workspace ? file : null;
        }
    }

    /// <summary>The workspace's files, newest first.</summary>
    public List<StoredFile> List(string workspace)
    {
        lock (_lock)
        {
            var list = new List<StoredFile>();
            for (var i = _files.Count - 1; i >= 0; i--)
            {
                if (_files[i].Workspace == workspace)
                {
                    list.Add(_files[i]);
                }
            }

            return list;
        }
    }

    /// <summary>Forgets the file and frees its bytes; false when it was already gone.</summary>
    public bool Delete(StoredFile file)
    {
        lock (_lock)
        {
            if (!_byId.Remove(file.Id))
            {
                return false;
            }

            _files.Remove(file);
            _totalBytes -= file.Content.Length;
            return true;
        }
    }
}
