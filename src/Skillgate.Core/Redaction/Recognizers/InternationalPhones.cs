using PhoneNumbers;

namespace Skillgate.Redaction.Recognizers;

/// <summary>
/// Whether the digits after a '+' are a valid number for their country, by Google's libphonenumber metadata (number
/// lengths and ranges per region). Called only on the few candidates the scanner found, never on the whole text.
/// </summary>
internal static class InternationalPhones
{
    /// <summary>The fewest digits (country code included) of a valid international number, e.g. +376 712 345.</summary>
    public const int MinDigits = 7;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Whether <paramref name="digits"/> (country code then national number, no '+') are a valid number.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < MinDigits or > 15 || digits[0] == '0')
        {
            return false;
        }

        try
        {
            var number = Util.Parse(string.Concat("+", digits), "ZZ");
            return Util.IsValidNumber(number);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
