using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Skillgate.Hosting;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Hosting;

public sealed class SkillgateServiceCollectionExtensionsTests
{
    private static void Valid(SkillgateOptions options)
    {
        var upstream = new UpstreamOptions { Name = "main", BaseAddress = new Uri("http://127.0.0.1:1") };
        upstream.Keys.Add(new UpstreamKeyOptions { Value = "sk-test" });
        options.Upstreams.Add(upstream);
    }

    [Fact]
    public void AddSkillgate_ValidOptions_ResolvesClients()
    {
        using var provider = new ServiceCollection().AddSkillgate(Valid).BuildServiceProvider(validateScopes: true);
        var client = provider.GetRequiredService<IUpstreamClient>();
        Assert.Equal("main", client.Name);
        Assert.Same(client, provider.GetRequiredKeyedService<IUpstreamClient>("main"));
        var chat = provider.GetRequiredService<IChatClient>();
        Assert.Equal("anthropic", chat.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Same(client, chat.GetService<IUpstreamClient>());
    }

    [Fact]
    public void AddSkillgate_NoUpstream_FailsNamingTheKey()
    {
        using var provider = new ServiceCollection().AddSkillgate(_ => { }).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SkillgateOptions>>().Value);
        Assert.Contains("Skillgate:Upstreams must list at least one upstream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSkillgate_BadUpstream_EveryProblemNamed()
    {
        using var provider = new ServiceCollection().AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { BaseAddress = new Uri("ftp://x") };
            upstream.Keys.Add(new UpstreamKeyOptions { EnvironmentVariable = "SKILLGATE_TEST_UNSET_VARIABLE" });
            upstream.Timeouts.Idle = TimeSpan.Zero;
            upstream.Retry.JitterRatio = 2;
            upstream.MaxResponseBodyBytes = 0;
            options.Upstreams.Add(upstream);
        }).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SkillgateOptions>>().Value);
        Assert.Contains("Skillgate:Upstreams:0:BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:Upstreams:0:Keys:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:Upstreams:0:Timeouts:Idle", error.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:Upstreams:0:Retry:JitterRatio", error.Message, StringComparison.Ordinal);
        Assert.Contains("Skillgate:Upstreams:0:MaxResponseBodyBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSkillgate_SecretInOptions_NeverInValidationMessage()
    {
        using var provider = new ServiceCollection().AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { BaseAddress = null };
            upstream.Keys.Add(new UpstreamKeyOptions { Value = "sk-ant-do-not-print" });
            options.Upstreams.Add(upstream);
        }).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SkillgateOptions>>().Value);
        Assert.DoesNotContain("do-not-print", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSkillgate_KeyedKeySource_ReplacesBuiltIn()
    {
        var services = new ServiceCollection().AddSkillgate(Valid);
        var source = new CountingKeySource();
        services.AddKeyedSingleton<IUpstreamKeySource>("main", source);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IUpstreamClient>();
        await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(new UpstreamRequest("{}"u8.ToArray(), stream: false)));
        Assert.True(source.Acquired > 0);
    }

    private sealed class CountingKeySource : IUpstreamKeySource
    {
        public int Acquired;

        public ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Acquired);
            throw new UpstreamException(UpstreamErrorKind.NoKeyAvailable, 500, "api_error", "none");
        }
    }
}
