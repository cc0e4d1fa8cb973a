namespace Skillgate.Storage;

/// <summary>Options of the embedded SQLite store (conversations and documents).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file. Default <c>skillgate.db</c> in the working directory.</summary>
    public string Path { get; set; } = "skillgate.db";

    /// <summary>
    /// Whether each commit is fsynced (<c>synchronous=FULL</c>, the default): an acknowledged append survives a
    /// power loss or OS crash. With <see langword="false"/> (<c>NORMAL</c> in WAL mode) it survives a killed
    /// process but the last commits may be lost if the machine goes down.
    /// </summary>
    public bool SynchronousFull { get; set; } = true;

    /// <summary>How long a writer waits for another writer's lock. Default 10 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
