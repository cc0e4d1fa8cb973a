namespace Skillgate.Core.Tests;

/// <summary>
/// Tests that measure the process's memory, and tests that hold many megabytes on purpose (oversized events, endless
/// tool inputs): xunit runs the classes of one collection one after another, so the second kind cannot inflate the
/// first's measurement.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MemoryHeavyCollection
{
    public const string Name = "memory-heavy";
}
