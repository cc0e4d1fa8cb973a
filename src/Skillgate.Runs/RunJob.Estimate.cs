using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Runs.Storage;
using Skillgate.Upstream;

namespace Skillgate.Runs;

public sealed partial class RunJob
{
    /// <summary>
    /// Estimates the cost of the items not finished yet: count_tokens on up to <paramref name="sampleSize"/> of them
    /// (spread over the dataset), the mean times the items for input, max_tokens per item for output (an upper bound),
    /// priced by the price table. count_tokens calls are not metered against the Messages limits.
    /// </summary>
    public async Task<RunEstimate> EstimateAsync(int sampleSize = 10, CancellationToken cancellationToken = default)
    {
        var items = _store.Items(_spec.Id, RunItemStatus.Pending, RunItemStatus.InFlight);
        if (items.Count == 0)
        {
            return new RunEstimate(0, 0, 0, 0, 0, 0, _prices.AsOf, _prices.Find(_spec.Model) is not null);
        }

        var step = Math.Max(1, items.Count / Math.Max(1, sampleSize));
        var sample = items.Where((_, i) => i % step == 0).Take(sampleSize).ToList();
        long counted = 0;
        foreach (var item in sample)
        {
            var body = JsonNode.Parse(item.Body)!.AsObject();
            body.Remove("max_tokens");
            var request = new UpstreamRequest(HttpMethod.Post, "/v1/messages/count_tokens", JsonSerializer.SerializeToUtf8Bytes(body));
            await using var response = await SendCountAsync(request, cancellationToken).ConfigureAwait(false);
            using var count = await JsonDocument.ParseAsync(response.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            counted += count.RootElement.GetProperty("input_tokens").GetInt64();
        }

        var input = (long)Math.Ceiling((double)counted / sample.Count * items.Count);
        var output = (long)_spec.MaxTokens * items.Count;
        return new RunEstimate(items.Count, sample.Count, input, output, CostOf(input, output, batch: false), CostOf(input, output, batch: true),
            _prices.AsOf, _prices.Find(_spec.Model) is not null);
    }

    private async Task<UpstreamRawResponse> SendCountAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _upstream.SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException ex) when (ex.StatusCode is >= 400 and < 500 and not 429)
        {
            // A request the API refuses (unknown model, bad key): say so before any item is sent.
            throw new RunInputException($"count_tokens refused the run's request ({ex.StatusCode} {ex.ErrorType}): {System.Text.Encoding.UTF8.GetString(ex.UpstreamBody.Span)}", ex);
        }
    }
}
