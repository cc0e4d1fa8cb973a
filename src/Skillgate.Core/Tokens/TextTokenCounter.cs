using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.ML.Tokenizers;

namespace Skillgate.Tokens;

/// <summary>
/// Counts raw o200k tokens of texts, per script or all as code, through an optional <see cref="TokenCountCache"/>.
/// Short texts are counted directly: hashing them costs about what tokenizing them does.
/// </summary>
internal sealed class TextTokenCounter
{
    private const int MinCachedLength = 24;
    private readonly Tokenizer _tokenizer;
    private readonly TokenCountCache? _cache;

    // A random seed per cache, so that nobody can prepare texts whose hashes collide with another caller's.
    private readonly long _seed = Random.Shared.NextInt64();

    public TextTokenCounter(Tokenizer tokenizer, TokenCountCache? cache)
    {
        _tokenizer = tokenizer;
        _cache = cache;
    }

    /// <summary>Adds the text's raw tokens per script to <paramref name="counts"/> (Latin, CJK, code).</summary>
    public void CountScripts(ReadOnlySpan<char> text, Span<int> counts)
    {
        if (_cache is null || text.Length < MinCachedLength)
        {
            ScriptCounter.Count(_tokenizer, text, counts);
            return;
        }

        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text), _seed);
        if (!_cache.TryGet(key, out var raw))
        {
            Span<int> fresh = stackalloc int[3];
            ScriptCounter.Count(_tokenizer, text, fresh, this);
            raw = new RawTokenCounts(fresh[0], fresh[1], fresh[2]);
            _cache.Add(key, raw);
        }

        counts[(int)TokenScript.Latin] += raw.Latin;
        counts[(int)TokenScript.Cjk] += raw.Cjk;
        counts[(int)TokenScript.Code] += raw.Code;
    }

    /// <summary>The text's raw tokens, all counted as one run (JSON and code, or one piece of a script run).</summary>
    public int CountCode(ReadOnlySpan<char> text)
    {
        if (_cache is null || text.Length < MinCachedLength)
        {
            return _tokenizer.CountTokens(text);
        }

        // Another seed than CountScripts: the same text has other counts here.
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text), ~_seed);
        if (!_cache.TryGet(key, out var raw))
        {
            raw = new RawTokenCounts(0, 0, _tokenizer.CountTokens(text));
            _cache.Add(key, raw);
        }

        return raw.Code;
    }
}
