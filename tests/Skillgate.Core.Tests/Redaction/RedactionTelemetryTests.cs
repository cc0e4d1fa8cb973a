using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Skillgate.Redaction;
using Skillgate.Telemetry;

namespace Skillgate.Core.Tests.Redaction;

/// <summary>The redaction layer's metrics and logs: counts by type, mode and reason; never a value, never prompt text.</summary>
public sealed class RedactionTelemetryTests : IDisposable
{
    private const string Email = "ana@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string Prompt = "please keep this prompt private";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly Pseudonymizer _pseudonymizer;
    private readonly RequestRedactor _redactor;

    public RedactionTelemetryTests()
    {
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        _pseudonymizer = new Pseudonymizer(new RedactionOptions { Key = PseudonymizerTests.TestKey }, Meters);
        _redactor = new RequestRedactor(_pseudonymizer, _loggers.CreateLogger<RequestRedactor>(), new SteppingTime());
    }

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    private static byte[] Body(string content) =>
        JsonSerializer.SerializeToUtf8Bytes(new { model = "m", messages = new[] { new { role = "user", content } } });

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(Meters, SkillgateTelemetry.RedactionName, instrument);

    public void Dispose()
    {
        _loggers.Dispose();
        _services.Dispose();
    }

    [Theory]
    [InlineData(RedactionMode.Redact, "redact")]
    [InlineData(RedactionMode.Pseudonymize, "pseudonymize")]
    public void RedactRequest_Entities_CountedByTypeAndModeAndLoggedWithoutValues(RedactionMode mode, string modeTag)
    {
        using var entities = Collect<long>("skillgate.redaction.entities");
        using var duration = Collect<double>("skillgate.redaction.duration");

        _redactor.RedactRequest(Body($"{Prompt}: mail {Email}, {Email} again, card {Card}"), _pseudonymizer.CreateVault("c"), mode);

        var counts = entities.GetMeasurementSnapshot()
            .GroupBy(m => ((string)m.Tags["skillgate.redaction.entity_type"]!, (string)m.Tags["skillgate.redaction.mode"]!))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(2, counts[("EMAIL", modeTag)]);
        Assert.Equal(1, counts[("CREDIT_CARD", modeTag)]);
        Assert.Equal(2, counts.Count);
        var timed = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal("redacted", timed.Tags["skillgate.redaction.outcome"]);
        Assert.Equal(modeTag, timed.Tags["skillgate.redaction.mode"]);
        Assert.Equal(Step.TotalSeconds, timed.Value);
        var line = Assert.Single(_logs.GetSnapshot());
        Assert.Equal(6001, line.Id.Id);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Contains("3 entities [CREDIT_CARD=1, EMAIL=2]", line.Message, StringComparison.Ordinal);
        AssertNoRawValue(line.Message);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"ana@example.com \ud800 please keep this prompt private"}]}""", "invalid_string")]
    [InlineData("""{"messages":[{"role":"user","content":{"text":"ana@example.com please keep this prompt private"}}]}""", "wrong_type")]
    [InlineData("""{"messages":[{"role":"user","content":"ana@example.com please keep this prompt private"}""", "invalid_json")]
    public void RedactRequest_Refused_CountedByReasonAndWarnedWithoutContent(string body, string reason)
    {
        using var refused = Collect<long>("skillgate.redaction.refused");
        using var duration = Collect<double>("skillgate.redaction.duration");

        Assert.Throws<RedactionFailedException>(() => _redactor.RedactRequest(Encoding.UTF8.GetBytes(body), _pseudonymizer.CreateVault("c"), RedactionMode.Redact));

        var count = Assert.Single(refused.GetMeasurementSnapshot());
        Assert.Equal(reason, count.Tags["skillgate.redaction.reason"]);
        Assert.Equal("redact", count.Tags["skillgate.redaction.mode"]);
        Assert.Equal("refused", Assert.Single(duration.GetMeasurementSnapshot()).Tags["skillgate.redaction.outcome"]);
        var line = Assert.Single(_logs.GetSnapshot());
        Assert.Equal((6002, LogLevel.Warning), (line.Id.Id, line.Level));
        Assert.Contains(reason, line.Message, StringComparison.Ordinal);
        AssertNoRawValue(line.Message);
    }

    [Fact]
    public void RedactRequest_RecognizerThrows_CountedAsRecognizerFailure()
    {
        var options = new RedactionOptions { Key = PseudonymizerTests.TestKey };
        options.CustomRecognizers.Add(new CustomRecognizerOptions { Type = "TICKET", Pattern = "TCK-[0-9]+", ValidatorFunc = v => throw new InvalidOperationException(v) });
        var pseudonymizer = new Pseudonymizer(options, Meters);
        using var refused = Collect<long>("skillgate.redaction.refused");

        var ex = Assert.Throws<RedactionFailedException>(() => new RequestRedactor(pseudonymizer).RedactRequest(Body("TCK-123"), pseudonymizer.CreateVault("c")));

        Assert.Equal(("api_error", "recognizer"), (ex.ErrorType, ex.Reason));
        Assert.Equal("recognizer", Assert.Single(refused.GetMeasurementSnapshot()).Tags["skillgate.redaction.reason"]);
    }

    [Fact]
    public void Restore_WholeAndStreamed_PlaceholdersCountedByType()
    {
        using var restored = Collect<long>("skillgate.redaction.restored");
        var vault = _pseudonymizer.CreateVault("c");
        var email = _pseudonymizer.Redact(Email, vault);
        var phone = _pseudonymizer.Redact("13800138000", vault);
        var response = JsonSerializer.SerializeToUtf8Bytes(new { content = new[] { new { type = "text", text = $"mail {email} or {phone}, unknown ⟦EMAIL_000000⟧" } } });
        var stream = _pseudonymizer.CreateRestorer(vault);

        _redactor.RestoreResponse(response, vault);
        var streamed = stream.Push(email.AsSpan(0, 4)) + stream.Push(email.AsSpan(4)) + stream.Flush();

        Assert.Equal(Email, streamed);
        var byType = restored.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["skillgate.redaction.entity_type"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(2, byType["EMAIL"]);
        Assert.Equal(1, byType["PHONE"]);
        Assert.Equal(2, byType.Count);
    }

    [Fact]
    public void Redact_SingleText_CountedWithoutARequest()
    {
        using var entities = Collect<long>("skillgate.redaction.entities");

        _pseudonymizer.Redact($"{Email} and 13800138000", _pseudonymizer.CreateVault("c"), RedactionMode.Redact);

        Assert.Equal(["EMAIL", "PHONE"], entities.GetMeasurementSnapshot().Select(m => (string)m.Tags["skillgate.redaction.entity_type"]!).Order());
    }

    [Fact]
    public void Pseudonymizer_WithoutMeterFactory_RedactsWithoutMetrics()
    {
        using var entities = Collect<long>("skillgate.redaction.entities");
        var plain = new Pseudonymizer(new RedactionOptions { Key = PseudonymizerTests.TestKey });

        var output = new RequestRedactor(plain).RedactRequest(Body(Email), plain.CreateVault("c"));

        Assert.DoesNotContain(Email, Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Empty(entities.GetMeasurementSnapshot());
    }

    private static void AssertNoRawValue(string text)
    {
        Assert.DoesNotContain(Email, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Card, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Prompt, text, StringComparison.Ordinal);
    }

    /// <summary>A clock that moves <see cref="Step"/> at each reading, so one redaction takes exactly one step.</summary>
    private sealed class SteppingTime : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now += Step.Ticks;
    }
}
