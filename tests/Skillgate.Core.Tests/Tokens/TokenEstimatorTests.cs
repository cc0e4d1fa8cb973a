using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Skillgate.Core.Tests.Scheduling;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Tokens;

public sealed class TokenEstimatorTests
{
    private const string Model = "claude-test-1";

    [Fact]
    public void EstimateText_Chinese_CountsAsCjk()
    {
        var estimator = TokenEstimators.Create();
        var estimate = estimator.EstimateText(Model, "我们的客户在上个季度收到了发票。");
        Assert.True(estimate.Cjk > 0);
        Assert.Equal(0, estimate.Code);
        Assert.Equal(TokenScript.Cjk, estimate.DominantScript);
    }

    [Fact]
    public void EstimateText_Code_CountsAsCode()
    {
        var estimator = TokenEstimators.Create();
        var estimate = estimator.EstimateText(Model, "var x = items.Where(i => i.Price > 3).ToList();\nreturn x;\n");
        Assert.True(estimate.Code > 0);
        Assert.Equal(0, estimate.Latin);
    }

    [Fact]
    public void EstimateText_MixedProse_SplitsScripts()
    {
        var estimator = TokenEstimators.Create();
        var estimate = estimator.EstimateText(Model, "The meeting is on Tuesday. 会议在星期二举行。 Please confirm.");
        Assert.True(estimate.Latin > 0);
        Assert.True(estimate.Cjk > 0);
    }

    [Fact]
    public void EstimateRequest_CountsSystemMessagesToolsAndImages()
    {
        var estimator = TokenEstimators.Create();
        var body = """
            {"model":"m","max_tokens":10,"system":"You are helpful.",
             "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"Hello there"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
                         {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"Paris"}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"sunny"}]}]}
            """;
        var estimate = estimator.EstimateRequest(Encoding.UTF8.GetBytes(body));
        Assert.Equal("m", estimate.Model);
        Assert.True(estimate.Fixed >= 1600 + 350);
        Assert.True(estimate.Code > 0);
        Assert.True(estimate.Latin > 0);
        Assert.True(estimate.Tokens > estimate.Fixed);
    }

    [Fact]
    public void EstimateRequest_InvalidJson_Throws()
    {
        var estimator = TokenEstimators.Create();
        Assert.ThrowsAny<JsonException>(() => estimator.EstimateRequest("{\"model\":"u8));
    }

    [Theory]
    [InlineData("english")]
    [InlineData("chinese")]
    [InlineData("code")]
    public void Observe_UpstreamWithOtherRatios_ConvergesWithinFivePercent(string kind)
    {
        // An upstream whose tokenizer counts each script at its own stable ratio to o200k, on mixed traffic.
        var estimator = TokenEstimators.Create();
        var random = new Random(7);
        for (var i = 0; i < 48; i++)
        {
            var text = Sample(random, i % 3 == 0 ? kind : new[] { "english", "chinese", "code" }[random.Next(3)])
                + (i % 4 == 0 ? Sample(random, "english") : string.Empty);
            var estimate = estimator.EstimateRequest(Request(text));
            estimator.Observe(estimate, ScaledUpstream(estimate));
        }

        for (var i = 0; i < 10; i++)
        {
            var estimate = estimator.EstimateRequest(Request(Sample(random, kind)));
            var reported = ScaledUpstream(estimate);
            var error = Math.Abs(estimate.Tokens - reported) / (double)reported;
            Assert.True(error <= 0.05, $"{kind}: estimate {estimate.Tokens} vs reported {reported} ({error:P1}) {estimator.GetCalibration(Model)}");
            if (kind == "chinese")
            {
                Assert.True(estimate.Tokens >= reported);
            }
        }
    }

    [Theory]
    [InlineData("english")]
    [InlineData("code")]
    public void Observe_CharacterCountingUpstream_MeanWithinEightPercent(string kind)
    {
        // This upstream counts characters, so its ratio to o200k varies from text to text (about 10% for code):
        // the criterion is on the sum over fresh samples.
        var estimator = TokenEstimators.Create();
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            var text = Sample(random, kind);
            estimator.Observe(estimator.EstimateRequest(Request(text)), FakeUpstream.Count(text));
        }

        long estimated = 0;
        long reported = 0;
        for (var i = 0; i < 20; i++)
        {
            var text = Sample(random, kind);
            estimated += estimator.EstimateRequest(Request(text)).Tokens;
            reported += FakeUpstream.Count(text);
        }

        var error = Math.Abs(estimated - reported) / (double)reported;
        Assert.True(error <= 0.08, $"{kind}: estimated {estimated} vs reported {reported} ({error:P1})");
    }

    [Fact]
    public void Observe_NoisyChineseUpstream_BiasedUpwardAndNeverFarUnder()
    {
        // The upstream's ratio to o200k varies from text to text, so no ratio can be above it every time; the
        // estimate sits above the mean by the observed spread: over in total, and never more than 2% under.
        var estimator = TokenEstimators.Create();
        var random = new Random(11);
        long estimated = 0;
        long reportedTotal = 0;
        for (var i = 0; i < 80; i++)
        {
            var text = SampleTexts.Chinese(random, 20 + random.Next(200));
            var estimate = estimator.EstimateRequest(Request(text));
            var reported = (long)Math.Round(FakeUpstream.Count(text) * (0.98 + (random.NextDouble() * 0.04)));
            Assert.True(estimate.Tokens >= reported * 0.98, $"request {i}: estimate {estimate.Tokens} vs reported {reported}");
            estimated += estimate.Tokens;
            reportedTotal += reported;
            estimator.Observe(estimate, reported);
        }

        Assert.True(estimated > reportedTotal);
        Assert.Equal(80, estimator.GetCalibration(Model).Observations);
    }

    [Fact]
    public void Observe_RecordsRelativeErrorMetric()
    {
        using var meterFactory = new TestMeterFactory();
        var estimator = TokenEstimators.Create(meterFactory: meterFactory);
        using var collector = new MetricCollector<double>(meterFactory, Skillgate.Telemetry.SkillgateTelemetry.PipelineName, "skillgate.tokens.estimate.error");
        var estimate = estimator.EstimateText(Model, "hello world, this is a test");
        estimator.Observe(estimate, estimate.Tokens * 2L);
        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal(-0.5, measurement.Value, 2);
        Assert.Equal(Model, measurement.Tags["gen_ai.request.model"]);
    }

    private static string Sample(Random random, string kind) => kind switch
    {
        "english" => SampleTexts.English(random, 50 + random.Next(400)),
        "chinese" => SampleTexts.Chinese(random, 10 + random.Next(100)),
        _ => SampleTexts.Code(random, 5 + random.Next(60)),
    };

    private static long ScaledUpstream(TokenEstimate estimate) =>
        (long)Math.Round((estimate.Latin * 1.18) + (estimate.Cjk * 1.42) + (estimate.Code * 1.31) + (estimate.Fixed * 1.1));

    private static byte[] Request(string text) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = Model,
        max_tokens = 100,
        messages = new[] { new { role = "user", content = text } },
    });
}
