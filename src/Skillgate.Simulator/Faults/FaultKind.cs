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

    /// <summary>Any error status forced by a directive (<c>fault=403</c>); see <see cref="Directives.FaultStatus"/>.</summary>
    Status,
}
