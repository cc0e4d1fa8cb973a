using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Skillgate.Scheduling;
using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>
/// Creates one <see cref="UpstreamClient"/> per configured upstream, on first use, and disposes them with the container.
/// Each gets the keyed <see cref="IUpstreamKeySource"/> registered under its name, else the scheduler's key source
/// when the scheduler is on, else its built-in round robin.
/// </summary>
internal sealed class UpstreamClientRegistry : IDisposable
{
    private readonly Lazy<IReadOnlyDictionary<string, UpstreamClient>> _clients;
    private readonly SkillgateOptions _options;

    public UpstreamClientRegistry(IServiceProvider services, IOptions<SkillgateOptions> options)
    {
        _options = options.Value;
        _clients = new Lazy<IReadOnlyDictionary<string, UpstreamClient>>(() => Create(services, _options));
    }

    public IUpstreamClient Default => _clients.Value[_options.Upstreams[0].Name];

    public IUpstreamClient Get(string name) =>
        _clients.Value.TryGetValue(name, out var client) ? client : throw new InvalidOperationException($"No upstream named '{name}' is configured.");

    public void Dispose()
    {
        if (_clients.IsValueCreated)
        {
            foreach (var client in _clients.Value.Values)
            {
                client.Dispose();
            }
        }
    }

    private static Dictionary<string, UpstreamClient> Create(IServiceProvider services, SkillgateOptions options)
    {
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggers = services.GetService<ILoggerFactory>();
        var meters = services.GetService<IMeterFactory>();
        var scheduler = options.SchedulerEnabled ? services.GetRequiredService<IRequestScheduler>() : null;
        var clients = new Dictionary<string, UpstreamClient>(StringComparer.OrdinalIgnoreCase);
        foreach (var upstream in options.Upstreams)
        {
            var keys = services.GetKeyedService<IUpstreamKeySource>(upstream.Name) ?? scheduler?.AsKeySource(timeProvider: time);
            clients[upstream.Name] = new UpstreamClient(upstream, keys, time, loggers, meters, telemetry: options.Telemetry);
        }

        return clients;
    }
}
