using System.Diagnostics;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Skillgate.Simulator;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>The naive way: the official SDK with its default retries, every request at once under <c>Task.WhenAll</c>.</summary>
internal static class NaiveBurst
{
    public static async Task<BurstRunResult> RunAsync(BurstWorkload workload, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(workload.SimulatorOptions(), cancellationToken);
        var clients = workload.Keys.Select(k => new AnthropicClient { BaseUrl = sim.BaseAddress.ToString().TrimEnd('/'), ApiKey = k }).ToList();
        var outcomes = new string?[workload.Count];
        var doneAt = new double[workload.Count];
        var clock = Stopwatch.StartNew();

        async Task SendAsync(int i)
        {
            var parameters = new MessageCreateParams
            {
                Model = BurstWorkload.Model,
                MaxTokens = workload.Settings.MaxTokens,
                Messages = [new MessageParam(new UserMessageParam(BurstWorkload.Prompt(i)))],
            };
            try
            {
                // Spread over the keys the way a naive client would: request i on key i mod K.
                await clients[i % clients.Count].Messages.Create(parameters, cancellationToken);
            }
            catch (AnthropicRateLimitException)
            {
                outcomes[i] = "rate_limited";
            }
            catch (AnthropicOverloadedException)
            {
                outcomes[i] = "overloaded";
            }
            catch (Exception ex) when (ex is TaskCanceledException or TimeoutException or AnthropicGatewayTimeoutException && !cancellationToken.IsCancellationRequested)
            {
                outcomes[i] = "timeout";
            }
            catch (Exception ex) when (ex is AnthropicException or HttpRequestException or IOException)
            {
                outcomes[i] = "other";
            }

            doneAt[i] = clock.Elapsed.TotalSeconds;
        }

        await Task.WhenAll(Enumerable.Range(0, workload.Count).Select(SendAsync));
        var seconds = clock.Elapsed.TotalSeconds;
        return BurstRunResult.From("naive", workload, outcomes, sim.GetStats(), seconds) with
        {
            Tenants = Tenants(workload, outcomes, doneAt),
        };
    }

    private static List<TenantResult> Tenants(BurstWorkload workload, string?[] outcomes, double[] doneAt)
        => [.. Enumerable.Range(0, workload.Count)
            .GroupBy(i => workload.Tenants[i])
            .OrderBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TenantResult(g.Key, g.Count(), g.Count(i => outcomes[i] is null), null, null, g.Max(i => doneAt[i])))];
}
