using Skillgate.Simulator.Generation;

namespace Skillgate.Simulator.Faults;

/// <summary>Draws the fault of a request from a key's probabilities.</summary>
internal static class FaultPicker
{
    public static FaultKind Pick(FaultOptions options, ref SimRandom random)
    {
        if (!options.Any)
        {
            return FaultKind.None;
        }

        if (Hit(options.ApiError, ref random))
        {
            return FaultKind.ApiError;
        }

        if (Hit(options.Timeout, ref random))
        {
            return FaultKind.Timeout;
        }

        if (Hit(options.Overloaded, ref random))
        {
            return FaultKind.Overloaded;
        }

        if (Hit(options.ResetBeforeHeaders, ref random))
        {
            return FaultKind.ResetBeforeHeaders;
        }

        if (Hit(options.StallBeforeHeaders, ref random))
        {
            return FaultKind.StallBeforeHeaders;
        }

        if (Hit(options.ErrorMidStream, ref random))
        {
            return FaultKind.ErrorMidStream;
        }

        if (Hit(options.CutMidStream, ref random))
        {
            return FaultKind.CutMidStream;
        }

        if (Hit(options.StallMidStream, ref random))
        {
            return FaultKind.StallMidStream;
        }

        return Hit(options.SlowDrip, ref random) ? FaultKind.SlowDrip : FaultKind.None;
    }

    private static bool Hit(double probability, ref SimRandom random) =>
        probability > 0 && random.NextDouble() < probability;
}
