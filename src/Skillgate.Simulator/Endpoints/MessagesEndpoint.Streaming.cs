using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

internal static partial class MessagesEndpoint
{
    private static readonly AnthropicError MidStreamOverloaded = new(AnthropicErrorTypes.Overloaded, "Overloaded");

    private static async Task<int> StreamAsync(HttpContext context, SimulatorState state, FaultOptions faults, ReplyPlan plan,
        FaultKind fault, Timing timing, ulong seed)
    {
        _ = state;
        var ct = context.RequestAborted;
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var script = new StreamScript(plan, seed);

        if (fault == FaultKind.SlowDrip)
        {
            using var all = new PooledBuffer(1024 + (plan.Text.Length * 4));
            using (var buffered = new SseWriter(all))
            {
                WriteAll(buffered, script);
            }

            await DripAsync(response, all.WrittenMemory, faults, timing, ct);
            return plan.OutputTokens;
        }

        using var sse = new SseWriter(response.BodyWriter);
        if (timing.IsInstant && fault == FaultKind.None)
        {
            WriteAll(sse, script);
            await response.BodyWriter.FlushAsync(ct);
            return plan.OutputTokens;
        }

        script.WriteOpening(sse);
        await response.BodyWriter.FlushAsync(ct);
        await timing.FirstTokenAsync(ct);
        var middle = Math.Max(1, script.DeltaCount / 2);
        for (var i = 0; i < script.DeltaCount; i++)
        {
            if (i == middle && fault != FaultKind.None)
            {
                await response.BodyWriter.FlushAsync(ct);
                switch (fault)
                {
                    case FaultKind.ErrorMidStream:
                        sse.WriteError(MidStreamOverloaded);
                        await response.BodyWriter.FlushAsync(ct);
                        return timing.TokensSent;
                    case FaultKind.CutMidStream:
                        await CutAsync(context, ct);
                        return timing.TokensSent;
                    case FaultKind.StallMidStream:
                        await timing.DelayAsync(faults.StallMs, ct);
                        break;
                    default:
                        break;
                }
            }

            script.WriteDelta(sse, i);
            timing.TokensSent += script.TokensOf(i);
            if (timing.Paced)
            {
                await response.BodyWriter.FlushAsync(ct);
                await timing.TokensAsync(script.TokensOf(i), ct);
            }
        }

        timing.TokensSent = plan.OutputTokens;
        script.WriteClosing(sse);
        await response.BodyWriter.FlushAsync(ct);
        return plan.OutputTokens;
    }

    // Gives the flushed bytes time to reach the client before the reset, as a real cut would.
    private static async Task CutAsync(HttpContext context, CancellationToken ct)
    {
        await Task.Delay(50, ct);
        context.Abort();
    }

    private static void WriteAll(SseWriter sse, StreamScript script)
    {
        script.WriteOpening(sse);
        for (var i = 0; i < script.DeltaCount; i++)
        {
            script.WriteDelta(sse, i);
        }

        script.WriteClosing(sse);
    }
}
