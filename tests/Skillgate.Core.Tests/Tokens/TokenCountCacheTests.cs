using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Tokens;

public sealed class TokenCountCacheTests
{
    private const string Model = "claude-test-1";

    // Fragments that stress the o200k pre-tokenizer around newlines: blank lines, CRLF, indentation, '/', fences,
    // punctuation runs, numbers, CJK, non-breaking spaces.
    private static readonly string[] Fragments =
    [
        "\n", "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u00A0", "/", "//", "/usr/bin", "-", "- [id] ", "#", "...", "!?", ".\n",
        "```", "```csharp\n", "the", "Invoice", "quarterly report", "ZX-1042", "12345", "3.14", "é", "naïve", "会议在星期二举行",
        "。", "{\"a\": [1, 2]}", "var x = 1;", "    return x;", "'s", "don't", "\u3000", "😀",
    ];

    private static readonly Gen<string> Text = Gen.Int[0, Fragments.Length - 1].Array[1, 120]
        .Select(indexes => string.Concat(indexes.Select(i => Fragments[i])));

    [Fact]
    public void CountScripts_RandomMultilineTexts_SameCountsAsOneUncutPass()
    {
        var counter = new TextTokenCounter(O200kTokenEstimator.Tokenizer, new TokenCountCache(1_000));
        Text.Sample(
            text =>
            {
                Span<int> whole = stackalloc int[3];
                ScriptCounter.Count(O200kTokenEstimator.Tokenizer, text, whole);
                Span<int> cut = stackalloc int[3];
                counter.CountScripts(text, cut);
                Assert.True(whole.SequenceEqual(cut), $"{Show(whole)} != {Show(cut)} for {JsonValue.Create(text).ToJsonString()}");
                Span<int> again = stackalloc int[3];
                counter.CountScripts(text, again);
                Assert.True(whole.SequenceEqual(again), "a cached count differs");
            },
            iter: 3_000);
    }

    [Fact]
    public void EstimateRequest_CachedAndUncachedEstimators_SameEstimates()
    {
        var cached = TokenEstimators.Create();
        var uncached = TokenEstimators.Create(new TokenEstimatorOptions { CountCacheEntries = 0 });
        Gen.Select(Text, Text, Text).Sample(
            (system, user, assistant) =>
            {
                var request = Encoding.UTF8.GetBytes(new JsonObject
                {
                    ["model"] = Model,
                    ["system"] = system,
                    ["messages"] = new JsonArray(
                        new JsonObject { ["role"] = "user", ["content"] = user },
                        new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = assistant }) }),
                }.ToJsonString());
                Assert.Equal(uncached.EstimateRequest(request), cached.EstimateRequest(request));
                Assert.Equal(uncached.EstimateRequest(request), cached.EstimateRequest(request));
                Assert.Equal(uncached.EstimateText(Model, user), cached.EstimateText(Model, user));
            },
            iter: 500);
    }

    [Fact]
    public void EstimateText_CachedTextAfterCalibrationChanged_NewCalibrationApplied()
    {
        var estimator = TokenEstimators.Create();
        var uncached = TokenEstimators.Create(new TokenEstimatorOptions { CountCacheEntries = 0 });
        var text = SampleTexts.English(new Random(5), 200);
        var before = estimator.EstimateText(Model, text);
        estimator.Observe(before, before.Tokens * 2L);
        uncached.Observe(uncached.EstimateText(Model, text), before.Tokens * 2L);

        var after = estimator.EstimateText(Model, text);

        Assert.Equal(before.Latin, after.Latin);
        Assert.True(after.Tokens > before.Tokens * 1.5, $"{after.Tokens} vs {before.Tokens}");
        Assert.Equal(uncached.EstimateText(Model, text), after);
    }

    [Fact]
    public void Add_MoreKeysThanCapacity_BoundedAndRecentlyUsedKept()
    {
        var cache = new TokenCountCache(8);
        cache.Add(UInt128.MaxValue, new RawTokenCounts(1, 2, 3));
        for (var i = 0; i < 1_000; i++)
        {
            cache.Add((uint)i, new RawTokenCounts(i, 0, 0));
            Assert.True(cache.TryGet(UInt128.MaxValue, out var kept), $"evicted after {i}");
            Assert.Equal(new RawTokenCounts(1, 2, 3), kept);
        }

        Assert.InRange(cache.Count, 1, 16);
        Assert.False(cache.TryGet(0u, out _));
        Assert.True(cache.TryGet(999u, out var last));
        Assert.Equal(999, last.Latin);
    }

    private static string Show(ReadOnlySpan<int> counts) => $"[{counts[0]}, {counts[1]}, {counts[2]}]";
}
