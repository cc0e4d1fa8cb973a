using System.Text;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction.Evaluation;

/// <summary>
/// A deterministic labeled English and Chinese evaluation set: realistic sentences (chat, tickets, forms, logs, JSON,
/// CSV) holding valid entities, mixed with hard negatives that look like them (order and tracking numbers, UUIDs,
/// versions, timestamps, hashes, Luhn-invalid cards, bad ID checksums and dates, bad IBAN checks, MACs, ...).
/// </summary>
internal static class SyntheticCorpus
{
    private static readonly Dictionary<string, string[]> EnContexts = new()
    {
        [EntityTypes.Email] = ["Please send the invoice to {0} by Friday.", "Contact: {0}", "\"email\": \"{0}\"", "cc {0} on the thread pls"],
        [EntityTypes.Phone] = ["Call me at {0} after 6pm.", "Phone: {0}", "the courier's number is {0}, he is downstairs", "\"phone\": \"{0}\""],
        [EntityTypes.CnResidentId] = ["Caller verified identity with Chinese resident ID {0}.", "PRC ID {0} — seat 14C", "id_number,{0},approved"],
        [EntityTypes.CreditCard] = ["Charge the card {0} for the renewal.", "card_number={0}", "My Visa is {0}, exp 04/29."],
        [EntityTypes.Iban] = ["Please pay by bank transfer to IBAN {0} (ref below).", "iban,{0},EUR", "Beneficiary account: {0}"],
        [EntityTypes.IpAddress] = ["login from {0} at 02:14:00", "ssh admin@{0} -p 22", "client_ip={0} status=200", "Failed to connect to {0} port 8080"],
        [EntityTypes.Secret] = ["here's the key for the demo {0}", "export TOKEN={0}", "\"api_key\": \"{0}\"", "Authorization: Bearer {0}"],
    };

    private static readonly Dictionary<string, string[]> ZhContexts = new()
    {
        [EntityTypes.Email] = ["麻烦把电子发票发到{0}，谢谢！", "邮箱：{0}", "请联系{0}处理"],
        [EntityTypes.Phone] = ["我手机号{0}，到了给我打电话", "联系电话：{0}", "快递员电话{0}，他说放门口了"],
        [EntityTypes.CnResidentId] = ["身份证号：{0}", "证件号码{0}，请核对", "家长身份证号：{0}"],
        [EntityTypes.CreditCard] = ["收款银行卡：{0}", "帮我查下这张卡{0}为什么一直扣款失败", "卡号{0}已绑定"],
        [EntityTypes.Iban] = ["收款账户（IBAN）：{0}", "对方账户{0}，币种欧元"],
        [EntityTypes.IpAddress] = ["测试服务器地址是{0}，账号我私聊发你", "登录IP：{0}", "固定IP {0}"],
        [EntityTypes.Secret] = ["老板让我把 key 发你：{0}，用完记得删", "鉴权失败 token={0}", "密钥：{0}"],
    };

    private static readonly string[] EnNegatives =
    [
        "order #{0} shipped!", "tracking {0}, should arrive Jul 12", "request_id={0}", "running version {0} now", "upgraded to version {0} yesterday", "created {0}",
        "commit={0}", "member no. {0}", "ref {0}", "mac {0}", "build {0}", "{0}",
    ];

    private static readonly string[] ZhNegatives = ["订单号{0}", "快递单号{0}", "版本号{0}", "固件版本 {0}", "会员号{0}查不到", "验证码{0}，5分钟内有效", "流水号：{0}", "设备MAC地址{0}"];

    public static IReadOnlyList<LabeledSample> Generate(int count, int seed)
    {
        var rng = new Random(seed);
        var v = new SyntheticValues(rng);
        var samples = new List<LabeledSample>(count);
        for (var n = 0; n < count; n++)
        {
            var zh = n % 2 == 1;
            var sb = new StringBuilder();
            var gold = new List<RedactionEntity>();
            var parts = 1 + rng.Next(4);
            for (var p = 0; p < parts; p++)
            {
                if (sb.Length > 0)
                {
                    sb.Append(zh ? v.Pick(new[] { "，", "。", "\n", "；" }) : v.Pick(new[] { " ", "\n", ". ", "; " }));
                }

                if (rng.Next(5) < 3)
                {
                    var type = v.Pick(EntityTypes.All);
                    var value = Value(v, type);
                    Append(sb, v.Pick((zh ? ZhContexts : EnContexts)[type]), value, gold, type);
                }
                else
                {
                    Append(sb, v.Pick(zh ? ZhNegatives : EnNegatives), Negative(v), null, null);
                }
            }

            samples.Add(new LabeledSample($"syn-{n:D5}", zh ? "zh" : "en", sb.ToString(), gold));
        }

        return samples;
    }

    private static string Value(SyntheticValues v, string type) => type switch
    {
        EntityTypes.Email => v.Email(),
        EntityTypes.Phone => v.Phone(),
        EntityTypes.CnResidentId => v.CnId(),
        EntityTypes.CreditCard => v.Card(),
        EntityTypes.Iban => v.Iban(),
        EntityTypes.IpAddress => v.Ip(),
        _ => v.Secret(),
    };

    /// <summary>A hard negative: something a careless recognizer would flag.</summary>
    public static string Negative(SyntheticValues v) => v.Next(28) switch
    {
        0 => "20" + v.Digits(14),
        1 => $"{v.Digits(3, true)}-{v.Digits(7)}-{v.Digits(7)}",
        2 => "1Z" + v.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16),
        3 => $"9400 1118 9922 {v.Digits(4)} {v.Digits(4)} {v.Digits(2)}",
        4 => $"{v.Chars("0123456789abcdef", 8)}-{v.Chars("0123456789abcdef", 4)}-4{v.Chars("0123456789abcdef", 3)}-a{v.Chars("0123456789abcdef", 3)}-{v.Chars("0123456789abcdef", 12)}",
        5 => $"{v.Next(20)}.{v.Next(30)}.{v.Next(100)}",
        6 => v.Next(2) == 0 ? $"10.0.{v.Digits(5, true)}.{v.Next(9)}" : $"v{v.Next(9)}.{v.Next(20)}.{v.Next(9)}.{v.Next(99)}",
        7 => "17" + v.Digits(11),
        8 => "16" + v.Digits(8),
        9 => v.Chars("0123456789abcdef", 40),
        10 => v.Chars("0123456789abcdef", 64),
        11 => v.Card(valid: false),
        12 => v.CnId(valid: false),
        13 => v.CnIdBadDate(),
        14 => v.CnIdBadRegion(),
        15 => v.Iban(valid: false),
        16 => string.Join(':', Enumerable.Range(0, 6).Select(_ => v.Chars("0123456789ABCDEF", 2))),
        17 => "1" + v.Pick(new[] { '3', '5', '8' }) + v.Digits(8),
        18 => v.Digits(v.Pick(new[] { 4, 6 }), true),
        19 => "#" + v.Digits(9, true),
        20 => $"{v.Next(24):00}:{v.Next(60):00}:{v.Next(60):00}",
        21 => $"INV-20{v.Digits(2)}-{v.Digits(5)}",
        22 => v.Pem("PUBLIC KEY"),
        23 => v.Jwt(alg: null),
        24 => "icon@2x.png and @types/node@20.11.5",
        27 => v.Digits(16, nonZeroFirst: true),
        26 => $"{v.Pick(new[] { "version ", "Version: ", "build ", "版本 ", "固件版本" })}{v.Next(9)}.{v.Next(20)}.{v.Next(9)}.{v.Next(99)}",
        _ => "SHA256:" + v.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43),
    };

    private static void Append(StringBuilder sb, string template, string value, List<RedactionEntity>? gold, string? type)
    {
        var at = template.IndexOf("{0}", StringComparison.Ordinal);
        sb.Append(template, 0, at);
        var start = sb.Length;
        sb.Append(value);
        gold?.Add(new RedactionEntity(type!, start, sb.Length, value));
        sb.Append(template, at + 3, template.Length - at - 3);
    }
}
