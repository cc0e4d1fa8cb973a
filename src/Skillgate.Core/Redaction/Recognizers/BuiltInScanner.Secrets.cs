using System.Buffers.Text;
using System.Text.Json;

namespace Skillgate.Redaction.Recognizers;

internal static partial class BuiltInScanner
{
    private const int MaxPemLength = 64 * 1024;

    /// <summary>'-': PEM private-key blocks, Anthropic/OpenAI "sk-..." keys, Slack "xox?-" tokens.</summary>
    private static bool TryDashSecret(ReadOnlySpan<char> s, int dash, int lastEnd, out Found hit)
    {
        hit = default;
        if (At(s, dash + 1) == '-')
        {
            return At(s, dash - 1) != '-' && dash >= lastEnd && TryPem(s, dash, out hit);
        }

        if (dash >= 2 && s[dash - 1] == 'k' && s[dash - 2] == 's' && TokenStartOk(s, dash - 2, lastEnd))
        {
            var end = TokenRunEnd(s, dash + 1);
            var body = s[(dash + 1)..end];
            var known = body.StartsWith("ant-") || body.StartsWith("proj-") || body.StartsWith("svcacct-") || body.StartsWith("admin-");
            if ((known && body.Length >= 28) || (body.Length >= 40 && HasMixedCaseAndDigit(body)))
            {
                hit = new Found(dash - 2, end, EntityTypes.Secret);
                return true;
            }

            return false;
        }

        if (dash >= 4 && TokenStartOk(s, dash - 4, lastEnd)
            && (s[(dash - 4)..dash] is "xoxb" or "xoxp" or "xoxa" or "xoxo" or "xoxr" or "xoxs" or "xapp"))
        {
            var end = TokenRunEnd(s, dash + 1);
            var body = s[(dash + 1)..end];
            if (body.Length >= 20 && body.ContainsAnyInRange('0', '9'))
            {
                hit = new Found(dash - 4, end, EntityTypes.Secret);
                return true;
            }
        }

        return false;
    }

    private static bool TryPem(ReadOnlySpan<char> s, int start, out Found hit)
    {
        hit = default;
        const string Begin = "-----BEGIN ";
        var rest = s[start..];
        if (!rest.StartsWith(Begin))
        {
            return false;
        }

        var labelEnd = rest[Begin.Length..].IndexOf("-----");
        if (labelEnd is < 0 or > 40)
        {
            return false;
        }

        var label = rest.Slice(Begin.Length, labelEnd);
        if (!label.EndsWith("PRIVATE KEY") && !label.EndsWith("PRIVATE KEY BLOCK"))
        {
            return false;
        }

        var window = rest[..Math.Min(rest.Length, MaxPemLength)];
        var endMarker = string.Concat("-----END ", label, "-----");
        var endAt = window.IndexOf(endMarker, StringComparison.Ordinal);
        int end;
        if (endAt >= 0)
        {
            end = start + endAt + endMarker.Length;
        }
        else
        {
            // A truncated key is still a key: take the header and the base64 body that follows it.
            var pos = start + Begin.Length + labelEnd + 5;
            var limit = Math.Min(s.Length, start + MaxPemLength);
            while (pos < limit && (IsAlnum(s[pos]) || s[pos] is '+' or '/' or '=' or '\r' or '\n' || (s[pos] == '\\' && At(s, pos + 1) is 'n' or 'r')))
            {
                pos += s[pos] == '\\' ? 2 : 1;
            }

            end = pos;
        }

        hit = new Found(start, end, EntityTypes.Secret);
        return true;
    }

    /// <summary>'_': GitHub tokens "gh[pousr]_..." and "github_pat_...".</summary>
    private static bool TryUnderscoreSecret(ReadOnlySpan<char> s, int underscore, int lastEnd, out Found hit)
    {
        hit = default;
        if (underscore >= 3 && s[underscore - 3] == 'g' && s[underscore - 2] == 'h' && s[underscore - 1] is 'p' or 'o' or 'u' or 's' or 'r'
            && TokenStartOk(s, underscore - 3, lastEnd))
        {
            var end = underscore + 1;
            while (end < s.Length && IsAlnum(s[end]))
            {
                end++;
            }

            if (end - underscore - 1 >= 30 && !IsTokenChar(At(s, end)))
            {
                hit = new Found(underscore - 3, end, EntityTypes.Secret);
                return true;
            }

            return false;
        }

        if (underscore >= 6 && s[(underscore - 6)..underscore] is "github" && s[underscore..].StartsWith("_pat_")
            && TokenStartOk(s, underscore - 6, lastEnd))
        {
            var end = underscore + 5;
            while (end < s.Length && IsWordChar(s[end]))
            {
                end++;
            }

            if (end - underscore - 5 >= 40)
            {
                hit = new Found(underscore - 6, end, EntityTypes.Secret);
                return true;
            }
        }

        return false;
    }

    /// <summary>'A': AWS access key ids "AKIA"/"ASIA" + 16 upper-case letters or digits.</summary>
    private static bool TryAwsKey(ReadOnlySpan<char> s, int a, out Found hit)
    {
        hit = default;
        if (a + 20 > s.Length || s[a + 2] != 'I' || s[a + 3] != 'A' || s[a + 1] is not ('K' or 'S') || IsTokenChar(At(s, a - 1)))
        {
            return false;
        }

        for (var i = a + 4; i < a + 20; i++)
        {
            if (!IsUpper(s[i]) && !IsDigit(s[i]))
            {
                return false;
            }
        }

        if (IsTokenChar(At(s, a + 20)))
        {
            return false;
        }

        hit = new Found(a, a + 20, EntityTypes.Secret);
        return true;
    }

    /// <summary>'J' after "ey": a JWT whose header is base64url JSON with an "alg" member.</summary>
    private static bool TryJwt(ReadOnlySpan<char> s, int j, int lastEnd, out Found hit)
    {
        hit = default;
        if (j < 2 || s[j - 1] != 'y' || s[j - 2] != 'e' || !TokenStartOk(s, j - 2, lastEnd))
        {
            return false;
        }

        var start = j - 2;
        var headerEnd = Base64UrlRunEnd(s, start);
        if (At(s, headerEnd) != '.' || headerEnd - start < 16 || headerEnd - start > 2048)
        {
            return false;
        }

        var payloadEnd = Base64UrlRunEnd(s, headerEnd + 1);
        if (At(s, payloadEnd) != '.' || payloadEnd - headerEnd < 3)
        {
            return false;
        }

        var end = Base64UrlRunEnd(s, payloadEnd + 1);
        if (IsTokenChar(At(s, end)) || !HeaderHasAlg(s[start..headerEnd]))
        {
            return false;
        }

        hit = new Found(start, end, EntityTypes.Secret);
        return true;
    }

    private static int Base64UrlRunEnd(ReadOnlySpan<char> s, int from)
    {
        var e = from;
        while (e < s.Length && (IsAlnum(s[e]) || s[e] is '-' or '_'))
        {
            e++;
        }

        return e;
    }

    private static bool HeaderHasAlg(ReadOnlySpan<char> header)
    {
        Span<byte> bytes = stackalloc byte[1536];
        if (!Base64Url.TryDecodeFromChars(header, bytes, out var written))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAlg = reader.ValueTextEquals("alg"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isAlg)
                {
                    return reader.TokenType == JsonTokenType.String;
                }

                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasMixedCaseAndDigit(ReadOnlySpan<char> body)
        => body.ContainsAnyInRange('0', '9') && body.ContainsAnyInRange('a', 'z') && body.ContainsAnyInRange('A', 'Z');
}
