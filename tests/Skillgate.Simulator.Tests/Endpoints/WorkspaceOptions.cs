namespace Skillgate.Simulator.Tests.Endpoints;

/// <summary>Simulator options with two workspaces: <see cref="KeyA"/> and <see cref="KeyA2"/> in one,
/// <see cref="KeyB"/> in the other, and <see cref="KeyDefault"/> in the default workspace.</summary>
internal static class WorkspaceOptions
{
    public const string KeyA = "sk-ws-a";
    public const string KeyA2 = "sk-ws-a2";
    public const string KeyB = "sk-ws-b";
    public const string KeyDefault = "sk-ws-none";

    public static SimulatorOptions TwoWorkspaces(double batchRequestMs = 20) => new()
    {
        BatchRequestMs = batchRequestMs,
        Keys =
        [
            new SimulatorKeyOptions { Key = KeyA, Workspace = "wrkspc_a" },
            new SimulatorKeyOptions { Key = KeyA2, Workspace = "wrkspc_a" },
            new SimulatorKeyOptions { Key = KeyB, Workspace = "wrkspc_b" },
            new SimulatorKeyOptions { Key = KeyDefault },
        ],
    };
}
