using System.Text;
using Skillgate.Runs.Storage;

namespace Skillgate.Runs.Execution;

/// <summary>
/// The JSONL output. The store is the truth: the file is rewritten from it (temporary file, then rename) when a run
/// starts or resumes and when it ends, so a line cut by a crash or a line written twice cannot survive; in between,
/// each stored line is appended as its item finishes.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private StreamWriter? _writer;

    public OutputFile(string path) => _path = path;

    /// <summary>Checks before any request that the output can be written; creates nothing that was not there.</summary>
    public static void CheckWritable(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                throw new RunInputException($"Output '{path}' is a directory.");
            }

            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory))
            {
                throw new RunInputException($"Output '{path}' cannot be written: folder '{directory}' does not exist.");
            }

            var existed = File.Exists(full);
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RunInputException($"Output '{path}' cannot be written: {ex.Message}", ex);
        }
    }

    public void Rewrite(RunStore store, string runId)
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
            var temporary = _path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                foreach (var item in store.Items(runId, RunItemStatus.Done, RunItemStatus.Failed))
                {
                    writer.Write(item.Result);
                    writer.Write('\n');
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
        }
    }

    public void Append(string line)
    {
        lock (_lock)
        {
            _writer ??= new StreamWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
