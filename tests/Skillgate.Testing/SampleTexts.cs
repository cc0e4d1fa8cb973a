using System.Text;

namespace Skillgate.Testing;

public static class SampleTexts
{
    private static readonly string[] EnglishWords =
    [
        "the", "invoice", "customer", "shipment", "arrived", "late", "because", "warehouse", "quarterly", "report",
        "budget", "approved", "meeting", "Tuesday", "engineering", "review", "contract", "renewal", "supplier", "price",
    ];

    private static readonly string[] ChinesePhrases =
    [
        "我们的客户", "在上个季度", "收到了发票", "仓库的库存", "需要重新检查", "合同续签", "供应商报价", "会议纪要",
        "工程评审", "预算已经批准", "请尽快回复", "数据分析报告", "系统上线时间", "用户反馈很好",
    ];

    private static readonly string[] CodeLines =
    [
        "public sealed class OrderService : IOrderService {",
        "    private readonly ILogger<OrderService> _logger;",
        "    var total = items.Sum(i => i.Price * i.Quantity);",
        "    if (total > _limit) { throw new InvalidOperationException(\"limit\"); }",
        "    return await _repository.SaveAsync(order, cancellationToken);",
        "}",
        "for (int i = 0; i < count; i++) { buffer[i] = (byte)(i ^ 0x5A); }",
        "const result = await fetch(url, { method: \"POST\", body: JSON.stringify(payload) });",
    ];

    public static string English(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            sb.Append(EnglishWords[random.Next(EnglishWords.Length)]).Append(i % 12 == 11 ? ". " : " ");
        }

        return sb.ToString();
    }

    public static string Chinese(Random random, int phrases)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < phrases; i++)
        {
            sb.Append(ChinesePhrases[random.Next(ChinesePhrases.Length)]).Append(i % 4 == 3 ? "。" : "，");
        }

        return sb.ToString();
    }

    public static string Code(Random random, int lines)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            sb.Append(CodeLines[random.Next(CodeLines.Length)]).Append('\n');
        }

        return sb.ToString();
    }
}
