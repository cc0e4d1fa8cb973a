using Microsoft.Extensions.Hosting;

namespace Skillgate.Simulator.Hosting;

/// <summary>A host lifetime that does not hook Ctrl+C or SIGTERM: the simulator is a library, and the
/// process that embeds it (a test, the CLI) decides when it stops.</summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
