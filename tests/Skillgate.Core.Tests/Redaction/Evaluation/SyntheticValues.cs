using System.Globalization;
using System.Text;

namespace Skillgate.Core.Tests.Redaction.Evaluation;

/// <summary>Generators of valid entities and of look-alikes that must not be flagged, from a seeded random source.</summary>
internal sealed class SyntheticValues(Random rng)
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Chars = Alnum + "+/";
    private const string UrlChars = Alnum + "-_";
    private static readonly string[] Regions = ["110101", "310104", "440305", "510107", "330106", "320102", "420111", "500103", "610113", "650102", "370202", "210102", "130102", "460106", "640104", "620102", "810000"];
    private static readonly string[] First = ["john", "mary", "wei", "li.na", "zhang.san", "olivia", "noah", "chen_ming", "a.kumar", "sofia", "liam", "wang.fang", "emma", "jun", "fatima"];
    private static readonly string[] Domains = ["gmail.com", "163.com", "qq.com", "outlook.com", "example.co.uk", "mail.contoso.com", "startup.ai", "sina.com.cn", "yahoo.co.jp", "fudan.edu.cn", "proton.me", "corp.example.org"];
    private static readonly (string Country, int Digits, int Letters)[] IbanShapes =
        [("DE", 18, 0), ("FR", 23, 0), ("GB", 14, 4), ("NL", 10, 4), ("ES", 20, 0), ("SE", 20, 0), ("CH", 17, 0), ("BE", 12, 0), ("PL", 24, 0), ("AE", 19, 0), ("SA", 20, 0), ("IT", 22, 1)];

    public int Next(int max) => rng.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public string Digits(int n, bool nonZeroFirst = false)
    {
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++)
        {
            sb.Append((char)('0' + (i == 0 && nonZeroFirst ? rng.Next(1, 10) : rng.Next(10))));
        }

        return sb.ToString();
    }

    public string Chars(string alphabet, int n)
    {
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++)
        {
            sb.Append(alphabet[rng.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    public string Email()
    {
        var local = Pick(First) + (rng.Next(3) == 0 ? Digits(rng.Next(1, 5)) : "") + (rng.Next(8) == 0 ? "+billing" : "");
        return local + "@" + Pick(Domains);
    }

    public string CnMobile() => "1" + Pick(new[] { '3', '5', '7', '8', '9', '6' }) + Digits(9);

    public string Phone()
    {
        var m = CnMobile();
        string Us() => $"{rng.Next(2, 10)}{Digits(2)}";
        return rng.Next(14) switch
        {
            0 => m,
            1 => $"{m[..3]} {m[3..7]} {m[7..]}",
            2 => $"{m[..3]}-{m[3..7]}-{m[7..]}",
            3 => "+86 " + m,
            4 => $"+86-{m[..3]}-{m[3..7]}-{m[7..]}",
            5 => "+86" + m,
            6 => $"({Us()}) {Us()}-{Digits(4)}",
            7 => string.Join(Pick(new[] { "-", ".", " " }), Us(), Us(), Digits(4)),
            8 => $"+1 ({Us()}) {Us()}-{Digits(4)}",
            9 => $"+1-{Us()}-{Us()}-{Digits(4)}",
            10 => $"+44 7{Digits(3)} {Digits(6)}",
            11 => $"07{Digits(3)} {Digits(6)}",
            12 => $"+44 20 {Digits(4)} {Digits(4)}",
            _ => Pick(new[] { $"+86 755 {Digits(4)} {Digits(4)}", $"+49 30 {Digits(7)}", $"+33 1 {Digits(2)} {Digits(2)} {Digits(2)} {Digits(2)}", $"+81 3-{Digits(4)}-{Digits(4)}", $"+447{Digits(9)}" }),
        };
    }

    public string CnId(bool valid = true)
    {
        var body = Pick(Regions) + BirthDate() + Digits(3);
        var check = CnIdCheck(body);
        return valid ? body + check : body + "0123456789X".Replace(check.ToString(), "", StringComparison.Ordinal)[rng.Next(10)];
    }

    public string CnIdBadDate()
    {
        var body = Pick(Regions) + Pick(new[] { "19900230", "20010431", "19851301", "20020000", "18990101" }) + Digits(3);
        return body + CnIdCheck(body);
    }

    public string CnIdBadRegion()
    {
        var body = Pick(new[] { "39", "48", "19", "90", "00", "72" }) + Digits(4) + BirthDate() + Digits(3);
        return body + CnIdCheck(body);
    }

    private string BirthDate()
    {
        var date = new DateOnly(1940, 1, 1).AddDays(rng.Next(365 * 66));
        return date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }

    private static char CnIdCheck(string body17)
    {
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body17[i] - '0') * w[i];
        }

        return "10X98765432"[sum % 11];
    }

    public string Card(bool valid = true)
    {
        var (prefix, length) = rng.Next(6) switch
        {
            0 => ("4", 16),
            1 => ("5" + rng.Next(1, 6), 16),
            2 => (rng.Next(2221, 2721).ToString(CultureInfo.InvariantCulture), 16),
            3 => (rng.Next(2) == 0 ? "34" : "37", 15),
            4 => ("62" + Digits(2), 16),
            _ => ("62" + Digits(2), 19),
        };
        var body = prefix + Digits(length - prefix.Length - 1);
        var check = LuhnCheck(body);
        var number = body + (valid ? check : (char)('0' + ((check - '0' + 1 + rng.Next(9)) % 10)));
        var sep = Pick(new[] { "", " ", "-" });
        if (sep.Length == 0)
        {
            return number;
        }

        return length == 15 ? $"{number[..4]}{sep}{number[4..10]}{sep}{number[10..]}" : string.Join(sep, number.Chunk(4).Select(c => new string(c)));
    }

    private static char LuhnCheck(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var v = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                v = v * 2 > 9 ? (v * 2) - 9 : v * 2;
            }

            sum += v;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public string Iban(bool valid = true)
    {
        var (country, digits, letters) = Pick(IbanShapes);
        var bban = Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", letters) + Digits(digits);
        var check = 98 - Mod97(bban + country + "00");
        if (!valid)
        {
            check = ((check + 1 + rng.Next(90)) % 97) + 2;
        }

        var iban = country + check.ToString("00", CultureInfo.InvariantCulture) + bban;
        return rng.Next(3) == 0 ? string.Join(' ', iban.Chunk(4).Select(c => new string(c))) : iban;
    }

    private static int Mod97(string s)
    {
        var r = 0;
        foreach (var c in s)
        {
            r = char.IsDigit(c) ? ((r * 10) + (c - '0')) % 97 : ((r * 100) + (c - 'A' + 10)) % 97;
        }

        return r;
    }

    public string Ip()
    {
        string Hex() => rng.Next(0x10000).ToString("x", CultureInfo.InvariantCulture);
        return rng.Next(6) switch
        {
            0 or 1 => $"{rng.Next(1, 224)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}",
            2 => string.Join(':', Enumerable.Range(0, 8).Select(_ => Hex())),
            3 => $"2001:db8:{Hex()}::{Hex()}",
            4 => $"fe80::{Hex()}:{Hex()}:{Hex()}:{Hex()}",
            _ => $"::ffff:10.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(1, 255)}",
        };
    }

    public string Secret()
    {
        return rng.Next(8) switch
        {
            0 => "sk-ant-api03-" + Chars(UrlChars, 93) + "AA",
            1 => "sk-proj-" + Chars(UrlChars, 74) + "T3BlbkFJ" + Chars(UrlChars, 74),
            2 => "AKIA" + Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            3 => "ghp_" + Chars(Alnum, 36),
            4 => "github_pat_11" + Chars(Alnum, 20) + "_" + Chars(Alnum, 59),
            5 => $"xoxb-{Digits(12, true)}-{Digits(13, true)}-{Chars(Alnum, 24)}",
            6 => Jwt(Pick(new[] { "HS256", "RS256", "ES256" })),
            _ => Pem(Pick(new[] { "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY" })),
        };
    }

    public string Jwt(string? alg)
    {
        var header = alg is null ? "{\"typ\":\"JWT\",\"kid\":\"" + Chars(Alnum, 8) + "\"}" : "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        var payload = "{\"sub\":\"user_" + Chars(Alnum, 8) + "\",\"iat\":" + Digits(10, true) + "}";
        return B64Url(header) + "." + B64Url(payload) + "." + Chars(UrlChars, 43);
    }

    private static string B64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Pem(string label)
    {
        var lines = Enumerable.Range(0, 4 + rng.Next(6)).Select(_ => Chars(Base64Chars, 64));
        return $"-----BEGIN {label}-----\n{string.Join('\n', lines)}\n{Chars(Base64Chars, 20)}==\n-----END {label}-----";
    }
}
