using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

/// <summary><c>GET /sim/stats</c> (ground truth for benchmarks) and <c>POST /sim/stats/reset</c>.</summary>
internal static class StatsEndpoint
{
    public static async Task GetAsync(HttpContext context, SimulatorState state)
    {
        Responses.BeginRequest(context, state);
        using var body = new PooledBuffer();
        using (var w = new Utf8JsonWriter(body))
        {
            JsonSerializer.Serialize(w, state.GetStats(), SimulatorJsonContext.Default.SimulatorStats);
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    public static Task ResetAsync(HttpContext context, SimulatorState state)
    {
        state.ResetStats();
        return GetAsync(context, state);
    }
}
