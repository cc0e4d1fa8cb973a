using Skillgate.Simulator.Generation;

namespace Skillgate.Simulator.Hosting;

/// <summary>Ids shaped like the real API's (<c>req_01...</c>, <c>msg_01...</c>, <c>toolu_01...</c>):
/// deterministic under the seed, unique per simulator run.</summary>
internal sealed class RequestIds(int seed)
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private long _counter;

    public string Next(string prefix) => Create(prefix, (ulong)Interlocked.Increment(ref _counter));

    public string Create(string prefix, ulong salt)
    {
        var random = new SimRandom(((ulong)(uint)seed << 32) ^ (salt * 0x9E3779B97F4A7C15UL) ^ (ulong)prefix.Length);
        return string.Create(prefix.Length + 24, (prefix, random), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            span[state.prefix.Length] = '0';
            span[state.prefix.Length + 1] = '1';
            var r = state.random;
            for (var i = state.prefix.Length + 2; i < span.Length; i++)
            {
                span[i] = Alphabet[(int)(r.NextUInt64() % (ulong)Alphabet.Length)];
            }
        });
    }
}
