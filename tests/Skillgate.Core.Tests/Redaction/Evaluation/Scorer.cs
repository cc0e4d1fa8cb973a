using System.Globalization;
using System.Text;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction.Evaluation;

/// <summary>Exact-span scoring (type, start and end must all match) per entity type.</summary>
internal sealed class Scorer
{
    private readonly Dictionary<string, (int Tp, int Fp, int Fn)> _counts = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public void Add(LabeledSample sample, IReadOnlyList<RedactionEntity> predicted)
    {
        var gold = sample.Gold.Select(g => (g.Type, g.Start, g.End)).ToHashSet();
        var pred = predicted.Select(p => (p.Type, p.Start, p.End)).ToHashSet();
        foreach (var p in pred)
        {
            var hit = gold.Contains(p);
            Bump(p.Type, hit ? 1 : 0, hit ? 0 : 1, 0);
            if (!hit)
            {
                Errors.Add($"FP {sample.Id} {p.Type} [{sample.Text[p.Start..p.End]}]");
            }
        }

        foreach (var g in gold.Where(g => !pred.Contains(g)))
        {
            Bump(g.Type, 0, 0, 1);
            Errors.Add($"FN {sample.Id} {g.Type} [{sample.Text[g.Start..g.End]}]");
        }
    }

    public IEnumerable<string> Types => _counts.Keys.Order(StringComparer.Ordinal);

    public (int Tp, int Fp, int Fn, double Precision, double Recall, double F1) Score(string type)
    {
        var (tp, fp, fn) = _counts.GetValueOrDefault(type);
        var precision = tp + fp == 0 ? 1.0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 1.0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (tp, fp, fn, precision, recall, f1);
    }

    public string Table()
    {
        var sb = new StringBuilder("| type | gold | TP | FP | FN | precision | recall | F1 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var type in Types)
        {
            var (tp, fp, fn, p, r, f1) = Score(type);
            sb.Append(CultureInfo.InvariantCulture, $"| {type} | {tp + fn} | {tp} | {fp} | {fn} | {p:0.0000} | {r:0.0000} | {f1:0.0000} |\n");
        }

        return sb.ToString();
    }

    private void Bump(string type, int tp, int fp, int fn)
    {
        var c = _counts.GetValueOrDefault(type);
        _counts[type] = (c.Tp + tp, c.Fp + fp, c.Fn + fn);
    }
}
