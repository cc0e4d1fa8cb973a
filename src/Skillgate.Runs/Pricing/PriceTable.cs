using System.Globalization;
using System.Text.Json;

namespace Skillgate.Runs.Pricing;

/// <summary>
/// Prices per model and the Message Batches discount, shipped as data with the date they were read
/// (<c>Pricing/prices.json</c>); a file of the same shape overrides them (<c>--prices FILE</c>). A model id matches
/// the longest entry it starts with (<c>claude-sonnet-4-5-20250929</c> is <c>claude-sonnet-4-5</c>).
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _models;

    private PriceTable(string asOf, decimal batchDiscount, Dictionary<string, ModelPrice> models)
    {
        AsOf = asOf;
        BatchDiscount = batchDiscount;
        _models = models;
    }

    /// <summary>The shipped table.</summary>
    public static PriceTable Default { get; } = LoadDefault();

    /// <summary>The date the prices were read.</summary>
    public string AsOf { get; }

    /// <summary>The fraction the Message Batches API takes off (0.5: half price).</summary>
    public decimal BatchDiscount { get; }

    /// <summary>The price of <paramref name="model"/>; null when the table does not know it.</summary>
    public ModelPrice? Find(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _models.Where(m => model.StartsWith(m.Key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(m => m.Key.Length)
            .Select(m => m.Value)
            .FirstOrDefault();
    }

    /// <summary>Reads a price table file; throws <see cref="RunInputException"/> naming the problem.</summary>
    public static PriceTable Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Parse(stream, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"Price table '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static PriceTable LoadDefault()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream("Skillgate.Runs.prices.json")
            ?? throw new InvalidOperationException("The shipped price table is missing.");
        return Parse(stream, "prices.json");
    }

    private static PriceTable Parse(Stream stream, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            var asOf = root.TryGetProperty("as_of", out var date) ? date.GetString() ?? "" : "";
            var discount = root.TryGetProperty("batch_discount", out var d) ? d.GetDecimal() : 0.5m;
            if (discount is < 0 or >= 1)
            {
                throw new RunInputException($"Price table '{name}': batch_discount must be 0..1 (was {discount.ToString(CultureInfo.InvariantCulture)}).");
            }

            var models = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
            foreach (var model in root.GetProperty("models").EnumerateObject())
            {
                var p = model.Value;
                var input = p.GetProperty("input").GetDecimal();
                models[model.Name] = new ModelPrice(
                    input,
                    p.GetProperty("output").GetDecimal(),
                    p.TryGetProperty("cache_write_5m", out var w5) ? w5.GetDecimal() : input * 1.25m,
                    p.TryGetProperty("cache_write_1h", out var w1) ? w1.GetDecimal() : input * 2,
                    p.TryGetProperty("cache_read", out var r) ? r.GetDecimal() : input / 10);
            }

            return new PriceTable(asOf, discount, models);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RunInputException($"Price table '{name}' is not valid: {ex.Message}", ex);
        }
    }
}
