using Microsoft.Extensions.DependencyInjection;
using Skillgate.Hosting;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Runs.Tests;

/// <summary>A simulator, a temporary folder and the library's transport to the simulator.</summary>
internal sealed class RunFixture : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private RunFixture(SimulatorHost simulator, ServiceProvider provider, string directory)
    {
        Simulator = simulator;
        _provider = provider;
        Directory = directory;
        Upstream = provider.GetRequiredService<IUpstreamClient>();
    }

    public SimulatorHost Simulator { get; }

    public IUpstreamClient Upstream { get; }

    public string Directory { get; }

    public string Store => Path.Combine(Directory, "runs.db");

    public static async Task<RunFixture> StartAsync(SimulatorOptions? options = null)
    {
        options ??= new SimulatorOptions();
        options.Port = 0;
        var simulator = await SimulatorHost.StartAsync(options);
        var services = new ServiceCollection();
        services.AddSkillgate(o =>
        {
            var upstream = new UpstreamOptions { Name = "test", BaseAddress = simulator.BaseAddress, Protocol = UpstreamHttpProtocol.Http11 };
            upstream.Keys.Add(new UpstreamKeyOptions { Id = "k0", Value = simulator.Keys[0] });
            o.Upstreams.Add(upstream);
        });
        var directory = Path.Combine(Path.GetTempPath(), "skillgate-runs-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        return new RunFixture(simulator, services.BuildServiceProvider(), directory);
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Simulator.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
