using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Batches;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

/// <summary>Message Batches: <c>POST /v1/messages/batches</c>, <c>GET .../{id}</c>, <c>GET</c> list,
/// <c>POST .../{id}/cancel</c>, <c>GET .../{id}/results</c> (JSONL), <c>DELETE .../{id}</c>.</summary>
internal static partial class BatchesEndpoint
{
    public static async Task CreateAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        using var body = await RequestBody.ReadAsync(context.Request, state.Options.MaxRequestBodyBytes * 8, context.RequestAborted);
        if (body is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.RequestTooLarge, "Request exceeds the maximum allowed number of bytes.");
            return;
        }

        var items = ParseItems(body.WrittenMemory, state.Options.Seed, out var problem);
        if (items is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(problem!));
            return;
        }

        var batch = state.Batches.Create(key.Workspace, items);
        await WriteBatchAsync(context, state, batch);
    }

    public static async Task GetAsync(HttpContext context, SimulatorState state, string id)
    {
        var batch = await FindAsync(context, state, id);
        if (batch is not null)
        {
            await WriteBatchAsync(context, state, batch);
        }
    }

    public static async Task CancelAsync(HttpContext context, SimulatorState state, string id)
    {
        var batch = await FindAsync(context, state, id);
        if (batch is not null)
        {
            state.Batches.Cancel(batch);
            await WriteBatchAsync(context, state, batch);
        }
    }

    public static async Task DeleteAsync(HttpContext context, SimulatorState state, string id)
    {
        var batch = await FindAsync(context, state, id);
        if (batch is null)
        {
            return;
        }

        if (!state.Batches.Progress(batch).Ended)
        {
            await Responses.WriteErrorAsync(context, context.Response.Headers[RateLimitHeaders.RequestId]!,
                AnthropicError.InvalidRequest($"Batch {id} cannot be deleted while it is still processing; cancel it first."));
            return;
        }

        state.Batches.Delete(batch);
        using var body = new PooledBuffer(128);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("id"u8, batch.Id);
            w.WriteString("type"u8, "message_batch_deleted"u8);
            w.WriteEndObject();
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    public static async Task ResultsAsync(HttpContext context, SimulatorState state, string id)
    {
        var batch = await FindAsync(context, state, id);
        if (batch is null)
        {
            return;
        }

        if (!state.Batches.Progress(batch).Ended)
        {
            await Responses.WriteErrorAsync(context, context.Response.Headers[RateLimitHeaders.RequestId]!,
                AnthropicError.InvalidRequest($"Batch {id} has not ended yet; results are available once processing_status is 'ended'."));
            return;
        }

        using var body = new PooledBuffer(4096);
        state.Batches.WriteResults(batch, body);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/binary";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    public static async Task ListAsync(HttpContext context, SimulatorState state)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return;
        }

        var baseUrl = BaseUrl(context);
        await Paging.WriteListAsync(context, requestId, state.Batches.List(key.Workspace), b => b.Id, (w, batch) => WriteBatch(w, state, batch, baseUrl));
    }

    private static async Task<Batch?> FindAsync(HttpContext context, SimulatorState state, string id)
    {
        var requestId = Responses.BeginRequest(context, state);
        if (Auth.Authenticate(context, state, out var error) is not { } key)
        {
            await Responses.WriteErrorAsync(context, requestId, error!);
            return null;
        }

        var batch = state.Batches.Find(key.Workspace, id);
        if (batch is null)
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicErrorTypes.NotFound, "message_batch: " + id);
        }

        return batch;
    }

    private static async Task WriteBatchAsync(HttpContext context, SimulatorState state, Batch batch)
    {
        using var body = new PooledBuffer(512);
        using (var w = new Utf8JsonWriter(body))
        {
            WriteBatch(w, state, batch, BaseUrl(context));
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    private static string BaseUrl(HttpContext context) => context.Request.Scheme + "://" + context.Request.Host.Value;
}
