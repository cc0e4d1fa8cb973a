namespace Skillgate.Tokens;

/// <summary>
/// Raw token counts of texts already counted, by a 128-bit hash of the text, so that a conversation's history is
/// tokenized once rather than on every turn. Only raw counts are kept: calibration is applied to them on every
/// estimate. Two generations bound the memory: when the current one is full it becomes the previous one (a hit
/// there is copied back) and the older one is dropped, so what is used every turn stays.
/// </summary>
internal sealed class TokenCountCache
{
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private Dictionary<UInt128, RawTokenCounts> _current = [];
    private Dictionary<UInt128, RawTokenCounts> _previous = [];

    public TokenCountCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Texts held, in both generations (at most twice the capacity).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    public bool TryGet(UInt128 key, out RawTokenCounts counts)
    {
        lock (_lock)
        {
            if (_current.TryGetValue(key, out counts))
            {
                return true;
            }

            if (_previous.Remove(key, out counts))
            {
                AddLocked(key, counts);
                return true;
            }

            return false;
        }
    }

    public void Add(UInt128 key, RawTokenCounts counts)
    {
        lock (_lock)
        {
            AddLocked(key, counts);
        }
    }

    private void AddLocked(UInt128 key, RawTokenCounts counts)
    {
        if (_current.Count >= _capacity && !_current.ContainsKey(key))
        {
            _previous = _current;
            _current = new Dictionary<UInt128, RawTokenCounts>(Math.Min(_capacity, 1024));
        }

        _current[key] = counts;
    }
}
