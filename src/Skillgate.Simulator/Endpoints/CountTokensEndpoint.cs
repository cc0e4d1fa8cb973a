using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

/// <summary><c>POST /v1/messages/count_tokens</c>: the simulator's own token estimate, with the per-script factors.</summary>
internal static class CountTokensEndpoint
{
    public static async Task HandleAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is null)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        using var body = await RequestBody.ReadAsync(context.Request, state.Options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.RequestTooLarge,
                "Request exceeds the maximum allowed number of bytes.");
            return;
        }

        if (!MessageRequestParser.TryParse(body.WrittenSpan, requireMaxTokens: false, out var info, out var parseError))
        {
            await Responses.WriteErrorAsync(context, requestId, parseError!);
            return;
        }

        if (!state.IsKnownModel(info!.Model))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, "model: " + info.Model);
            return;
        }

        var factors = state.Options.TokenFactors;
        using var output = new PooledBuffer(64);
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteNumber("input_tokens"u8, info.Text.EstimateTokens(factors.Prose, factors.Cjk, factors.Code));
            w.WriteEndObject();
        }

        await Responses.WriteJsonAsync(context, 200, output);
    }
}
