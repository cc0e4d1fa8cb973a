namespace Skillgate.Redaction.Recognizers;

/// <summary>Checksums and structural checks used to tell real identifiers from look-alikes.</summary>
internal static class Validators
{
    private static readonly int[] CnIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CnIdCheckChars = "10X98765432";

    /// <summary>Luhn (mod 10) over the digits of <paramref name="digits"/>; other characters are ignored.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var count = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if ((uint)(c - '0') > 9)
            {
                continue;
            }

            var v = c - '0';
            if (doubleIt)
            {
                v *= 2;
                if (v > 9)
                {
                    v -= 9;
                }
            }

            sum += v;
            doubleIt = !doubleIt;
            count++;
        }

        return count > 1 && sum % 10 == 0;
    }

    /// <summary>A Luhn-valid number with a Visa, Mastercard, American Express or UnionPay prefix and length.</summary>
    public static bool IsCardNumber(ReadOnlySpan<char> d)
    {
        var n = d.Length;
        var p2 = ((d[0] - '0') * 10) + (d[1] - '0');
        var p4 = (p2 * 100) + ((d[2] - '0') * 10) + (d[3] - '0');
        var brandOk = d[0] switch
        {
            '4' => n is 13 or 16 or 19,
            '5' => p2 is >= 51 and <= 55 && n == 16,
            '2' => p4 is >= 2221 and <= 2720 && n == 16,
            '3' => p2 is 34 or 37 && n == 15,
            '6' => p2 == 62 && n is 16 or 17 or 19,
            _ => false,
        };
        return brandOk && IsLuhnValid(d);
    }

    /// <summary>GB 11643-1999: province code, a real birth date (1900-2099) and the ISO 7064 MOD 11-2 check character.</summary>
    public static bool IsCnResidentId(ReadOnlySpan<char> id)
    {
        if (id.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = id[i] - '0';
            if ((uint)v > 9)
            {
                return false;
            }

            sum += v * CnIdWeights[i];
        }

        var check = id[17] == 'x' ? 'X' : id[17];
        if (CnIdCheckChars[sum % 11] != check)
        {
            return false;
        }

        var province = ((id[0] - '0') * 10) + (id[1] - '0');
        if (!IsProvince(province))
        {
            return false;
        }

        var year = Number(id.Slice(6, 4));
        var month = Number(id.Slice(10, 2));
        var day = Number(id.Slice(12, 2));
        return year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool IsProvince(int code)
        => code is (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46) or (>= 50 and <= 54)
            or (>= 61 and <= 65) or 71 or 81 or 82 or 83;

    private static int Number(ReadOnlySpan<char> digits)
    {
        var v = 0;
        foreach (var c in digits)
        {
            v = (v * 10) + (c - '0');
        }

        return v;
    }

    /// <summary>ISO 13616 mod 97 over an IBAN without spaces (country, check digits, BBAN).</summary>
    public static bool IsIbanChecksumValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 5)
        {
            return false;
        }

        var remainder = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            if ((uint)(c - '0') <= 9)
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if ((uint)(c - 'A') <= 25)
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>The IBAN length registered for a country code, or 0 when the country does not use IBANs.</summary>
    public static int IbanLength(char a, char b) => IbanCountries.Length(a, b);
}
