using Skillgate.Core.Tests.Redaction.Evaluation;
using Skillgate.Redaction;
using Xunit.Abstractions;

namespace Skillgate.Core.Tests.Redaction;

public sealed class CorpusEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Recognize_SyntheticEnglishAndChineseCorpus_F1AtLeast097PerType()
    {
        var recognizer = new EntityRecognizer(new RedactionOptions());
        var scorer = new Scorer();
        var byLang = new Dictionary<string, Scorer> { ["en"] = new(), ["zh"] = new() };
        foreach (var sample in SyntheticCorpus.Generate(4000, seed: 20261125))
        {
            var predicted = recognizer.Recognize(sample.Text);
            scorer.Add(sample, predicted);
            byLang[sample.Lang].Add(sample, predicted);
        }

        output.WriteLine(scorer.Table());
        output.WriteLine("en:\n" + byLang["en"].Table());
        output.WriteLine("zh:\n" + byLang["zh"].Table());
        foreach (var error in scorer.Errors.Take(60))
        {
            output.WriteLine(error);
        }

        foreach (var type in EntityTypes.All)
        {
            var (tp, _, _, _, _, f1) = scorer.Score(type);
            Assert.True(tp >= 300, $"{type}: only {tp} true positives; the corpus is too small");
            Assert.True(f1 >= 0.97, $"{type}: F1 {f1:0.0000} < 0.97");
        }
    }
}
