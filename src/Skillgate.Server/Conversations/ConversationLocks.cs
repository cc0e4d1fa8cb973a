using System.Collections.Concurrent;

namespace Skillgate.Server.Conversations;

/// <summary>
/// One writer at a time per conversation in this process: a second turn on a conversation whose turn is still
/// running is refused (409) instead of interleaving. Across processes, the log's version check does the same.
/// </summary>
internal sealed class ConversationLocks
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <summary>Takes the conversation, or returns <see langword="null"/> when another request holds it.</summary>
    public IDisposable? TryEnter(string key) => _held.TryAdd(key, 0) ? new Releaser(this, key) : null;

    private sealed class Releaser(ConversationLocks owner, string key) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner._held.TryRemove(key, out _);
            }
        }
    }
}
