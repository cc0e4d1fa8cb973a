using CsCheck;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class RecognizerPropertyTests
{
    private static readonly EntityRecognizer Default = new(new RedactionOptions());

    // Dense in trigger characters and separators so that every handler sees truncated and odd inputs.
    private static readonly Gen<string> TriggerHeavyText = Gen.OneOf(
            Gen.Char["0123456789 +-.:@_()AKIJeyskxohgp|/\\\nXabcdef，。中文😀"],
            Gen.Char.AlphaNumeric)
        .Array[0, 200]
        .Select(chars => new string(chars));

    [Fact]
    public void Recognize_ArbitraryText_OrderedNonOverlappingSpansThatMatchTheText()
    {
        TriggerHeavyText.Sample(text =>
        {
            var entities = Default.Recognize(text);
            var last = 0;
            foreach (var e in entities)
            {
                if (e.Start < last || e.End <= e.Start || e.End > text.Length || text[e.Start..e.End] != e.Text)
                {
                    return false;
                }

                last = e.End;
            }

            return true;
        }, iter: 20_000);
    }

    [Fact]
    public void Recognize_TruncatedEntities_NeverThrows()
    {
        string[] entities =
        [
            "+86 138 0013 8000", "(212) 555-0142", "GB82 WEST 1234 5698 7654 32", "fe80::1ff:fe23:4567:890a", "::ffff:10.1.2.3",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
            "github_pat_11ABCDEFGHIJKLMNOPQRSTUV_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-1234-5678", "AKIAIOSFODNN7EXAMPLE",
            "11010519491231002X", "a.b@c.de", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz",
        ];
        foreach (var entity in entities)
        {
            for (var i = 0; i <= entity.Length; i++)
            {
                for (var j = i; j <= entity.Length; j++)
                {
                    _ = Default.Recognize(entity[i..j]);
                }
            }
        }
    }
}
