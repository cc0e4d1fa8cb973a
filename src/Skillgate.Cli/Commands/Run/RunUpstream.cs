using Microsoft.Extensions.DependencyInjection;
using Skillgate.Hosting;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Cli.Commands.Run;

/// <summary>
/// The transport a run sends through: the library's pipeline (<c>AddSkillgate</c>, scheduler on, so run items at
/// batch priority wait behind interactive calls on the same keys) to the Claude API, a gateway, or the simulator
/// started in-process when nothing is configured.
/// </summary>
internal sealed class RunUpstream : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly SimulatorHost? _simulator;

    private RunUpstream(ServiceProvider provider, SimulatorHost? simulator, Uri baseAddress, int keyCount)
    {
        _provider = provider;
        _simulator = simulator;
        BaseAddress = baseAddress;
        KeyCount = keyCount;
        Client = provider.GetRequiredService<IUpstreamClient>();
    }

    public IUpstreamClient Client { get; }

    public Uri BaseAddress { get; }

    public int KeyCount { get; }

    public bool Simulated => _simulator is not null;

    public static async Task<RunUpstream> StartAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var envKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY");
        var url = settings.Url ?? Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL") ?? (string.IsNullOrEmpty(envKey) ? null : "https://api.anthropic.com");
        IReadOnlyList<string> keys = settings.ApiKeys.Length > 0 ? settings.ApiKeys : string.IsNullOrEmpty(envKey) ? [] : [envKey];
        SimulatorHost? simulator = null;
        Uri baseAddress;
        var protocol = UpstreamHttpProtocol.Http2WithFallback;
        if (url is null)
        {
            simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0 }, cancellationToken);
            baseAddress = simulator.Http2Address ?? simulator.BaseAddress;
            protocol = simulator.Http2Address is null ? UpstreamHttpProtocol.Http11 : UpstreamHttpProtocol.Http2Only;
            keys = simulator.Keys;
        }
        else
        {
            baseAddress = new Uri(url);
            if (keys.Count == 0)
            {
                keys = [SimulatorOptions.DefaultKey];
            }
        }

        var services = new ServiceCollection();
        services.AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "run", BaseAddress = baseAddress, Protocol = protocol };
            for (var i = 0; i < keys.Count; i++)
            {
                upstream.Keys.Add(new UpstreamKeyOptions { Id = "run-" + i, Value = keys[i] });
            }

            options.Upstreams.Add(upstream);
        });
        return new RunUpstream(services.BuildServiceProvider(), simulator, baseAddress, keys.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}
