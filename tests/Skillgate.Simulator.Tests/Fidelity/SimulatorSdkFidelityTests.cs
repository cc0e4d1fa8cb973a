using Skillgate.Testing;

namespace Skillgate.Simulator.Tests.Fidelity;

/// <summary>The SDK straight against the simulator.</summary>
public sealed class SimulatorSdkFidelityTests : AnthropicSdkFidelityTests
{
    protected override Task<(Uri Address, string Key)> StartTargetAsync(SimulatorHost simulator) =>
        Task.FromResult((simulator.BaseAddress, SimulatorOptions.DefaultKey));

    protected override Task StopTargetAsync() => Task.CompletedTask;
}
