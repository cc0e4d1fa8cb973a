using Microsoft.AspNetCore.Http;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

internal static partial class MessagesEndpoint
{
    private static async Task<int> ReplyAsync(HttpContext context, FaultOptions faults, ReplyPlan plan, FaultKind fault, Timing timing)
    {
        var ct = context.RequestAborted;
        await timing.WholeReplyAsync(plan.OutputTokens, ct);
        using var body = new PooledBuffer(512 + plan.Text.Length);
        var writer = Responses.Writer(body);
        ReplyJson.WriteMessage(writer, plan, complete: true);
        writer.Flush();

        var response = context.Response;
        switch (fault)
        {
            case FaultKind.CutMidStream:
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body.WrittenMemory[..(body.Length / 2)], ct);
                await response.Body.FlushAsync(ct);
                await CutAsync(context, ct);
                return plan.OutputTokens / 2;
            case FaultKind.StallMidStream:
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.ContentLength = body.Length;
                await response.StartAsync(ct);
                await timing.DelayAsync(faults.StallMs, ct);
                await response.Body.WriteAsync(body.WrittenMemory, ct);
                return plan.OutputTokens;
            case FaultKind.SlowDrip:
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.ContentLength = body.Length;
                await DripAsync(response, body.WrittenMemory, faults, timing, ct);
                return plan.OutputTokens;
            default:
                await Responses.WriteJsonAsync(context, 200, body);
                return plan.OutputTokens;
        }
    }

    private static async Task DripAsync(HttpResponse response, ReadOnlyMemory<byte> data, FaultOptions faults, Timing timing, CancellationToken ct)
    {
        for (var at = 0; at < data.Length; at += faults.DripBytes)
        {
            var piece = data.Slice(at, Math.Min(faults.DripBytes, data.Length - at));
            await response.Body.WriteAsync(piece, ct);
            await response.Body.FlushAsync(ct);
            await timing.DelayAsync(faults.DripIntervalMs, ct);
        }
    }
}
