using System.Globalization;

namespace Skillgate.Simulator.RateLimiting;

/// <summary>Decimal text of small numbers without allocating for the common ones.</summary>
internal static class NumberText
{
    private static readonly string[] Small = CreateSmall();

    public static string Of(long value) =>
        value >= 0 && value < Small.Length ? Small[value] : value.ToString(CultureInfo.InvariantCulture);

    private static string[] CreateSmall()
    {
        var values = new string[1024];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }
}
