using System.Security.Cryptography;

namespace Skillgate.Server.Conversations;

/// <summary>
/// Conversation ids (<c>conv_</c> + 24 random characters) and their keys in the store, which are scoped by tenant:
/// <c>{tenant}/{id}</c>, so one tenant's id means nothing to another (a 404).
/// </summary>
internal static class ConversationIds
{
    public const string Prefix = "conv_";
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnopqrstuvwxyz";
    private const int MaxLength = 64;

    public static string New()
    {
        Span<byte> random = stackalloc byte[24];
        RandomNumberGenerator.Fill(random);
        return string.Create(Prefix.Length + random.Length, random.ToArray(), static (chars, bytes) =>
        {
            Prefix.CopyTo(chars);
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[Prefix.Length + i] = Alphabet[bytes[i] % Alphabet.Length];
            }
        });
    }

    /// <summary>Whether <paramref name="id"/> can be an id at all (anything else is a 404 without a lookup).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.AsSpan().IndexOfAnyExcept(Allowed) < 0;

    public static string Key(string tenant, string id) => tenant + "/" + id;

    public static string KeyPrefix(string tenant) => tenant + "/";

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");
}
