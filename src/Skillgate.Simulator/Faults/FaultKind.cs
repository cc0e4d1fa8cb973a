namespace Skillgate.Simulator.Faults;

/// <summary>The faults the simulator can inject.</summary>
internal enum FaultKind
{
    None,
    ApiError,
    Timeout,
    Overloaded,
    ResetBeforeHeaders,
    StallBeforeHeaders,
    ErrorMidStream,
    CutMidStream,
    StallMidStream,
    SlowDrip,
}
