using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Skillgate.Hosting;
using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Hosting;

public sealed class SkillgateOptionsValidatorTests
{
    private const string Secret = "sk-ant-never-print-me";

    private static void Valid(SkillgateOptions options)
    {
        var upstream = new UpstreamOptions { Name = "main", BaseAddress = new Uri("http://127.0.0.1:1") };
        upstream.Keys.Add(new UpstreamKeyOptions { Id = "team-a", Value = Secret });
        options.Upstreams.Add(upstream);
    }

    public static TheoryData<string, Action<SkillgateOptions>, string> BadOptions() => new()
    {
        { "limit", o => o.KeyLimits["team-a"] = new RateLimitOptions { RequestsPerMinute = 0 }, "Skillgate:KeyLimits:team-a:RequestsPerMinute must be positive" },
        { "default limit", o => o.DefaultKeyLimits = new RateLimitOptions { OutputTokensPerMinute = -5 }, "Skillgate:DefaultKeyLimits:OutputTokensPerMinute must be positive" },
        { "unknown key", o => o.KeyLimits["team-b"] = new RateLimitOptions(), "Skillgate:KeyLimits:team-b names no configured key" },
        { "max tokens", o => o.KeyLimits["team-a"] = new RateLimitOptions { OutputTokensPerMinute = 1000 }, "exceeds OutputTokensPerMinute (1000) of key 'team-a'" },
        { "queue", o => { o.EnableScheduler = true; o.Scheduler.MaxQueueLength = -1; }, "Skillgate:Scheduler:MaxQueueLength must not be negative" },
        { "scheduler keys", o => { o.EnableScheduler = true; o.Scheduler.Upstreams.Add(new SchedulerUpstreamOptions()); }, "Skillgate:Scheduler:Upstreams must be empty" },
        {
            "duplicate id", o =>
            {
                var second = new UpstreamOptions { Name = "second", BaseAddress = new Uri("http://127.0.0.1:2") };
                second.Keys.Add(new UpstreamKeyOptions { Id = "team-a", Value = "sk-other" });
                o.Upstreams.Add(second);
                o.EnableScheduler = true;
            },
            "Skillgate:Upstreams:1:Keys:0:Id ('team-a') is also the id of Skillgate:Upstreams:0:Keys:0:Id"
        },
        { "redaction key", o => o.Redaction.Key = "not base64!", "Skillgate:Redaction:Key is not valid base64." },
        { "redaction type", o => o.Redaction.DisabledEntityTypes.Add("SHOE_SIZE"), "Skillgate:Redaction:DisabledEntityTypes contains 'SHOE_SIZE'" },
        { "redaction pattern", o => o.Redaction.CustomRecognizers.Add(new CustomRecognizerOptions { Type = "X", Pattern = "(" }), "Skillgate:Redaction:CustomRecognizers:0:Pattern is not a valid regular expression." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void AddSkillgate_BadPipelineOption_FailsNamingTheKey(string name, Action<SkillgateOptions> spoil, string expected)
    {
        using var provider = new ServiceCollection().AddSkillgate(o =>
        {
            Valid(o);
            spoil(o);
        }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SkillgateOptions>>().Value);

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Message}");
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSkillgate_SchedulerOffExplicitly_LimitsKeptButNoScheduler()
    {
        using var provider = new ServiceCollection().AddSkillgate(o =>
        {
            Valid(o);
            o.KeyLimits["team-a"] = new RateLimitOptions();
            o.EnableScheduler = false;
        }).BuildServiceProvider();

        Assert.Null(provider.GetService<IRequestScheduler>());
        Assert.Equal("main", provider.GetRequiredService<IUpstreamClient>().Name);
    }

    [Fact]
    public void AddSkillgate_BoundFromConfiguration_EveryPipelineSectionApplies()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Skillgate:Upstreams:0:Name"] = "anthropic",
            ["Skillgate:Upstreams:0:BaseAddress"] = "http://127.0.0.1:1",
            ["Skillgate:Upstreams:0:Keys:0:Id"] = "team-a",
            ["Skillgate:Upstreams:0:Keys:0:Value"] = Secret,
            ["Skillgate:Upstreams:0:Keys:1:Value"] = "sk-second",
            ["Skillgate:DefaultKeyLimits:RequestsPerMinute"] = "1000",
            ["Skillgate:KeyLimits:team-a:RequestsPerMinute"] = "4000",
            ["Skillgate:KeyLimits:team-a:InputTokensPerMinute"] = "400000",
            ["Skillgate:Scheduler:KeySelection"] = "RoundRobin",
            ["Skillgate:Scheduler:DefaultMaxQueueWait"] = "00:00:30",
            ["Skillgate:Redaction:Mode"] = "Pseudonymize",
            ["Skillgate:Redaction:AllowList:0"] = "support@example.com",
        }).Build();
        using var provider = new ServiceCollection()
            .AddSkillgate(o => configuration.GetSection(SkillgateOptions.SectionName).Bind(o))
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SkillgateOptions>>().Value;
        var scheduler = SchedulerOptionsFactory.Create(options);

        Assert.NotNull(provider.GetService<IRequestScheduler>());
        Assert.Equal(KeySelectionPolicy.RoundRobin, scheduler.KeySelection);
        Assert.Equal(TimeSpan.FromSeconds(30), scheduler.DefaultMaxQueueWait);
        var keys = Assert.Single(scheduler.Upstreams).Keys;
        Assert.Equal(["team-a", "key-1"], keys.Select(k => k.Name));
        Assert.Equal(4000, keys[0].Limits.RequestsPerMinute);
        Assert.Equal(400_000, keys[0].Limits.InputTokensPerMinute);
        Assert.Equal(1000, keys[1].Limits.RequestsPerMinute);
        Assert.Equal(RedactionMode.Pseudonymize, provider.GetRequiredService<Pseudonymizer>().DefaultMode);
        Assert.Contains("support@example.com", options.Redaction.AllowList);
    }
}
