using System.Text;

namespace Skillgate.Benchmarks.Redaction;

/// <summary>A deterministic mixed English and Chinese text of a given UTF-8 size, about one entity per 400 bytes.</summary>
internal static class MixedText
{
    private static readonly string[] English =
    [
        "The quarterly report shows that revenue grew by 12.5% compared with last year, driven by the new subscription tier. ",
        "Please review the attached draft before Thursday's meeting; we still need numbers for the EMEA region. ",
        "Our deployment pipeline runs version 3.14.2 on Kubernetes 1.29, and the rollout finished at 2024-05-24T02:17:18Z. ",
        "I tried restarting the service twice but the health check kept failing with a timeout after 30 seconds. ",
        "{\"id\": \"74a3832e-00fb-4e8d-93c3-6aea43804e2a\", \"created\": 1652658197, \"status\": \"ok\", \"items\": 42}\n",
        "Customer feedback was mostly positive - people like the faster search, but the export button is hard to find. ",
    ];

    private static readonly string[] Chinese =
    [
        "本季度销售额同比增长百分之十二，主要得益于新推出的订阅套餐和渠道拓展。",
        "请在周四会议之前审阅附件中的草案，我们仍然需要华东区的具体数据。",
        "服务重启了两次，但健康检查一直超时失败，请运维同事帮忙看一下日志。",
        "用户反馈总体积极，大家喜欢更快的搜索，但导出按钮不太容易找到。",
        "订单号202203191099408000已发货，预计三天内送达，请注意查收。",
    ];

    private static readonly string[] Entities =
    [
        "zhang.wei@example.com", "13800138000", "+86 139 1234 5678", "+1 (617) 332-2123", "110101199003074514",
        "4111 1111 1111 1111", "6228481510783512", "DE89370400440532013000", "192.168.1.20", "2001:db8::8a2e:370:7334",
        "sk-ant-api03-WtWeYrK19xm_HGVSbzh7NnAbz7pGNLCbw1IVSPudrAlgAcH4TTjm02whFt1UyS0euOJ6LK32nhTC0HU5Vi0xipP2_cN3kAA",
        "AKIAIOSFODNN7EXAMPLE", "ghp_dcxSf2jWvSb7q7YKplbLdBaTPwSeimjPUKSD",
    ];

    public static string Create(int utf8Bytes, int seed = 42)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        var bytes = 0;
        var sinceEntity = 0;
        while (bytes < utf8Bytes)
        {
            string piece;
            if (sinceEntity > 400)
            {
                piece = (rng.Next(2) == 0 ? " contact: " : "，联系方式：") + Entities[rng.Next(Entities.Length)] + (rng.Next(2) == 0 ? ". " : "。");
                sinceEntity = 0;
            }
            else
            {
                piece = rng.Next(2) == 0 ? English[rng.Next(English.Length)] : Chinese[rng.Next(Chinese.Length)];
            }

            var n = Encoding.UTF8.GetByteCount(piece);
            sb.Append(piece);
            bytes += n;
            sinceEntity += n;
        }

        return sb.ToString();
    }
}
