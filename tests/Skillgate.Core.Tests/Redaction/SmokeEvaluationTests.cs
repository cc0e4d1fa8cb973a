using Skillgate.Core.Tests.Redaction.Evaluation;
using Skillgate.Redaction;
using Xunit.Abstractions;

namespace Skillgate.Core.Tests.Redaction;

public sealed class SmokeEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Recognize_SmokeSamples_FindsEveryGoldSpanAndNoHardNegative()
    {
        var recognizer = new EntityRecognizer(new RedactionOptions());
        var scorer = new Scorer();
        var samples = SmokeSet.Load();
        foreach (var sample in samples)
        {
            scorer.Add(sample, recognizer.Recognize(sample.Text));
        }

        output.WriteLine(scorer.Table());
        foreach (var error in scorer.Errors)
        {
            output.WriteLine(error);
        }

        Assert.Equal(50, samples.Count);
        Assert.Empty(scorer.Errors);
    }
}
