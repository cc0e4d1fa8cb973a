namespace Skillgate.Redaction;

/// <summary>The names of the built-in entity types, as they appear in results and placeholders.</summary>
public static class EntityTypes
{
    /// <summary>An e-mail address.</summary>
    public const string Email = "EMAIL";

    /// <summary>A phone number: E.164, US, UK or Chinese mainland mobile.</summary>
    public const string Phone = "PHONE";

    /// <summary>An 18-character Chinese resident identity number with a valid GB 11643 check digit and birth date.</summary>
    public const string CnResidentId = "CN_RESIDENT_ID";

    /// <summary>A Luhn-valid Visa, Mastercard, American Express or UnionPay card number.</summary>
    public const string CreditCard = "CREDIT_CARD";

    /// <summary>An IBAN with a valid ISO 7064 mod-97 check.</summary>
    public const string Iban = "IBAN";

    /// <summary>An IPv4 or IPv6 address.</summary>
    public const string IpAddress = "IP_ADDRESS";

    /// <summary>An API key, access token, JWT or PEM private key.</summary>
    public const string Secret = "SECRET";

    /// <summary>All built-in types.</summary>
    public static IReadOnlyList<string> All { get; } = [Email, Phone, CnResidentId, CreditCard, Iban, IpAddress, Secret];
}
