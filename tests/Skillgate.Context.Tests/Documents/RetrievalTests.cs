using System.Text;
using Skillgate.Documents;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Documents;

public sealed class RetrievalTests
{
    private static readonly ITokenEstimator Estimator = TokenEstimators.Create();

    [Fact]
    public void Chunk_LongTable_EveryChunkRepeatsHeader()
    {
        var sb = new StringBuilder("## Sheet: Orders\n\n| Order | Amount |\n| --- | --- |\n");
        for (var i = 0; i < 400; i++)
        {
            sb.Append("| A-").Append(i).Append(" | ").Append(i * 3).Append(" |\n");
        }

        var chunks = DocumentChunker.Chunk(sb.ToString(), 200, t => Estimator.EstimateText(string.Empty, t).Tokens);
        Assert.True(chunks.Count > 3);
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("| Order | Amount |\n| --- | --- |\n", c.Text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.Equal("Sheet: Orders", c.Location));
        Assert.All(chunks, c => Assert.True(c.Tokens <= 260, $"chunk of {c.Tokens} tokens"));
        Assert.Equal(400, chunks.Sum(c => c.Text.Split('\n').Count(l => l.StartsWith("| A-", StringComparison.Ordinal))));
    }

    [Fact]
    public void Retrieve_QueryAboutOnePage_ReturnsItAndNotesWhatWasLeftOut()
    {
        var text = new StringBuilder();
        for (var page = 1; page <= 30; page++)
        {
            text.Append("## Page ").Append(page).Append("\n\n");
            text.Append(page == 17 ? "The turbine maintenance schedule requires inspection of blade seals every quarter.\n\n" : $"General remarks on logistics and staffing, section {page}.\n\n");
        }

        var document = new StoredDocument("abc", "manual.pdf", DocumentConverter.Pdf, text.ToString(), 0);
        var chunks = DocumentChunker.Chunk(document.Text, 30, t => Estimator.EstimateText(string.Empty, t).Tokens);
        var excerpt = DocumentRetriever.Retrieve(document, chunks, "When must the turbine blade seals be inspected?", 120);
        Assert.Contains("blade seals every quarter", excerpt, StringComparison.Ordinal);
        Assert.Contains("Left out of manual.pdf:", excerpt, StringComparison.Ordinal);
        Assert.Contains("Page 1", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ChineseQuery_MatchesByBigrams()
    {
        var index = new Bm25Index(["今天的天气很好", "仓库的库存需要重新检查", "会议纪要已经发出"]);
        var scores = index.Score("库存检查");
        Assert.Equal(1, Array.IndexOf(scores, scores.Max()));
        Assert.Equal(0, scores[0]);
    }
}
