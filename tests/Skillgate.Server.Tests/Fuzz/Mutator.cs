using System.Text;

namespace Skillgate.Server.Tests.Fuzz;

/// <summary>Makes malformed variants of valid inputs: flipped bytes, cuts, insertions, wrong types, deep nesting, bad UTF-8.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] Fragments =
    [
        "null", "true", "-1", "1e309", "\"\"", "[]", "{}", "\"\\ud800\"", "\"\\u0000\"", "9223372036854775808", "{\"type\":\"future\"}",
        ",", ":", "}", "]", "\"", "\\", "NaN", "\u00e9", "\u4e2d\u6587",
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public byte[] Mutate(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid);
        return _random.Next(10) switch
        {
            0 => Flip(bytes),
            1 => bytes[.._random.Next(bytes.Length)],
            2 => Insert(bytes, Encoding.UTF8.GetBytes(Pick(Fragments))),
            3 => Insert(bytes, [(byte)_random.Next(0x80, 0x100)]),
            4 => Encoding.UTF8.GetBytes(new string('[', 1000 + _random.Next(5000)) + new string(']', _random.Next(10))),
            5 => RandomBytes(),
            6 => Encoding.UTF8.GetBytes(ReplaceValue(valid)),
            7 => Encoding.UTF8.GetBytes(valid + Pick(Fragments)),
            8 => [],
            _ => Flip(Flip(bytes)),
        };
    }

    private byte[] Flip(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        return copy;
    }

    private byte[] Insert(byte[] bytes, byte[] insert)
    {
        var at = _random.Next(bytes.Length + 1);
        return [.. bytes[..at], .. insert, .. bytes[at..]];
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 512)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string ReplaceValue(string valid)
    {
        // Swap the value after a random colon for a fragment of another type.
        var colons = Enumerable.Range(0, valid.Length).Where(i => valid[i] == ':').ToArray();
        if (colons.Length == 0)
        {
            return valid;
        }

        var at = colons[_random.Next(colons.Length)] + 1;
        var end = valid.IndexOfAny([',', '}'], at);
        return end < 0 ? valid : valid[..at] + Pick(Fragments) + valid[end..];
    }
}
