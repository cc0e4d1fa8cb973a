using Skillgate.Core.Tests.Redaction.Evaluation;
using Skillgate.Redaction;
using Xunit.Abstractions;

namespace Skillgate.Core.Tests.Redaction;

/// <summary>
/// The labeled set of international numbers (<c>Data/intl-phones.jsonl</c>): 96 numbers of 45 countries in log fields
/// (<c>phone=</c>, <c>mobile=</c>), Markdown table cells, <c>tel:</c> links, JSON and prose, English and Chinese, and
/// hard negatives with a '+' before digits (versions with build metadata, time-zone offsets, deltas, order numbers, IDs).
/// </summary>
public sealed class InternationalPhoneEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Recognize_InternationalPhoneSet_F1AtLeast097AndNothingLeaked()
    {
        var recognizer = new EntityRecognizer(new RedactionOptions());
        var scorer = new Scorer();
        var leaked = new List<string>();
        var samples = SmokeSet.Load("intl-phones.jsonl");
        foreach (var sample in samples)
        {
            var found = recognizer.Recognize(sample.Text);
            scorer.Add(sample, found);
            foreach (var gold in sample.Gold.Where(g => !found.Any(f => f.Start <= g.Start && f.End >= g.End)))
            {
                leaked.Add($"{sample.Id} {gold.Text}");
            }
        }

        output.WriteLine(scorer.Table());
        foreach (var error in scorer.Errors)
        {
            output.WriteLine(error);
        }

        Assert.True(samples.Count >= 250, $"only {samples.Count} samples");
        Assert.Empty(leaked);
        var (_, _, _, _, _, f1) = scorer.Score(EntityTypes.Phone);
        Assert.True(f1 >= 0.97, $"PHONE F1 {f1:0.0000} < 0.97");
        Assert.Empty(samples.Where(s => s.Gold.Count == 0).SelectMany(s => recognizer.Recognize(s.Text)));
    }

    [Theory]
    [InlineData("phone=+44 20 7946 0018 status=ok", "+44 20 7946 0018")]
    [InlineData("mobile=+7 495 123-45-67", "+7 495 123-45-67")]
    [InlineData("| Jo | +61 412 345 678 |", "+61 412 345 678")]
    [InlineData("<a href=\"tel:+39 06 1234 5678\">x</a>", "+39 06 1234 5678")]
    [InlineData("电话：+86 10 8765 4321。", "+86 10 8765 4321")]
    [InlineData("phone=+8613912345678&x=1", "+8613912345678")]
    [InlineData("<a href=\"tel:+447700900123\">call</a>", "+447700900123")]
    public void Recognize_InternationalNumberInContext_FoundWhole(string text, string number)
    {
        var found = Assert.Single(new EntityRecognizer(new RedactionOptions()).Recognize(text));
        Assert.Equal(EntityTypes.Phone, found.Type);
        Assert.Equal(number, found.Text);
    }

    [Theory]
    [InlineData("version 2.14.0+build.20260301")]
    [InlineData("2026-03-01T10:22:13+08:00")]
    [InlineData("12 files changed, +1204 -87")]
    [InlineData("seq=+86400 delta=+15000000")]
    [InlineData("+123456789012345678")]
    [InlineData("score +9876543")]
    public void Recognize_PlusBeforeDigitsThatIsNoNumber_NothingFound(string text) =>
        Assert.Empty(new EntityRecognizer(new RedactionOptions()).Recognize(text));
}
