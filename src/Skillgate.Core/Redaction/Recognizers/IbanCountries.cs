namespace Skillgate.Redaction.Recognizers;

/// <summary>IBAN lengths per country (ISO 13616 registry).</summary>
internal static class IbanCountries
{
    private static readonly Dictionary<int, int> Lengths = Build(
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 " +
        "FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 " +
        "LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 " +
        "SA24 SC31 SD18 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20");

    public static int Length(char a, char b) => Lengths.GetValueOrDefault((a << 8) | b);

    private static Dictionary<int, int> Build(string table)
    {
        var map = new Dictionary<int, int>();
        foreach (var entry in table.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            map[(entry[0] << 8) | entry[1]] = int.Parse(entry.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
        }

        return map;
    }
}
