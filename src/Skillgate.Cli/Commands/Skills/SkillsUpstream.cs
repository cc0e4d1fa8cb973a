using Microsoft.Extensions.DependencyInjection;
using Skillgate.Hosting;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// The library's transport to the upstream a <c>skills</c> command talks to (<c>AddSkillgate</c> with one upstream and
/// one key; the scheduler is off, since Skills API calls are unmetered): timeouts, retries before the first byte,
/// circuit breaking, exactly as every other caller of <see cref="IUpstreamClient"/>.
/// </summary>
internal sealed class SkillsUpstream : IAsyncDisposable
{
    public const string AnthropicBaseUrl = "https://api.anthropic.com";

    private readonly ServiceProvider _provider;

    private SkillsUpstream(ServiceProvider provider, Uri baseAddress)
    {
        _provider = provider;
        BaseAddress = baseAddress;
        Api = new SkillsApi(provider.GetRequiredService<IUpstreamClient>());
    }

    public Uri BaseAddress { get; }

    public SkillsApi Api { get; }

    /// <summary>
    /// Resolves the upstream: <c>--url</c>, else <c>ANTHROPIC_BASE_URL</c>, else the Claude API when
    /// <c>ANTHROPIC_API_KEY</c> is set; the key from <c>--api-key</c>, else <c>ANTHROPIC_API_KEY</c>, else the
    /// simulator's default key. Returns null with <paramref name="error"/> when no upstream is configured.
    /// </summary>
    public static SkillsUpstream? Create(SkillsUpstreamSettings settings, out string? error)
    {
        var envKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY");
        var url = settings.Url ?? Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL") ?? (string.IsNullOrEmpty(envKey) ? null : AnthropicBaseUrl);
        if (url is null)
        {
            error = "no upstream: set ANTHROPIC_API_KEY for the Claude API, or pass --url (e.g. the gateway of `skillgate serve` or the simulator of `skillgate sim`)";
            return null;
        }

        var key = settings.ApiKey ?? (string.IsNullOrEmpty(envKey) ? SimulatorOptions.DefaultKey : envKey);
        var baseAddress = new Uri(url);
        var services = new ServiceCollection();
        services.AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "skills", BaseAddress = baseAddress };
            upstream.Keys.Add(new UpstreamKeyOptions { Id = "skills", Value = key });
            options.Upstreams.Add(upstream);
            options.EnableScheduler = false;
        });
        error = null;
        return new SkillsUpstream(services.BuildServiceProvider(), baseAddress);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
