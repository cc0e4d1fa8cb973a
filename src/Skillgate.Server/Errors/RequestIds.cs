using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Server.Errors;

/// <summary>The gateway's own <c>request-id</c>, set on every response the upstream did not give one to.</summary>
internal static class RequestIds
{
    public const string HeaderName = "request-id";
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly object ItemKey = new();

    public static string New()
    {
        Span<char> chars = stackalloc char[28];
        "req_sg_".CopyTo(chars);
        Span<byte> random = stackalloc byte[21];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < random.Length; i++)
        {
            chars[7 + i] = Alphabet[random[i] % Alphabet.Length];
        }

        return new string(chars);
    }

    /// <summary>The id of this exchange: the upstream's once it answered, else the gateway's.</summary>
    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.Headers.TryGetValue(HeaderName, out var existing) && existing.Count > 0 && existing[0] is { } id)
        {
            return id;
        }

        if (context.Items.TryGetValue(ItemKey, out var stored) && stored is string s)
        {
            return s;
        }

        var fresh = New();
        context.Items[ItemKey] = fresh;
        return fresh;
    }
}
