using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Messages;
using Skillgate.Server.Metrics;
using Skillgate.Redaction;
using Skillgate.Server.Ownership;
using Skillgate.Upstream;

namespace Skillgate.Server.Relay;

/// <summary>
/// Every <c>/v1/...</c> call other than <c>POST /v1/messages</c> — count_tokens, message batches, files, skills, models,
/// and paths the gateway does not know (an endpoint Anthropic ships tomorrow works the same day) — through the same
/// transport (retries before the first byte, timeouts, the tenant's keys), unmetered: the upstream limits those
/// separately from Messages. Objects the upstream mints in a key's workspace are recorded with their tenant and key
/// (<see cref="ObjectOwners"/>): only that tenant may name them, and every call naming them goes to that key.
/// </summary>
internal sealed class ApiRelay(MessageExecutor executor, BatchRedactor batches, ObjectOwners owners, ClientKeyStore clientKeys, UpstreamKeyFingerprints fingerprints, GatewayOptions options, GatewayMetrics metrics, TimeProvider time)
{
    /// <summary>The most bytes of a create answer or a list page read to learn ids from.</summary>
    private const int MaxJsonBytes = 16 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var feature = context.Features.Get<GatewayRequestFeature>() ?? throw new InvalidOperationException("GatewayMiddleware did not run.");
        var aborted = context.RequestAborted;
        var http = context.Request;
        var path = http.Path.Value ?? "/";
        if (GatewayPaths.IsOwned(path, out var exists))
        {
            throw exists
                ? new GatewayException(405, Skillgate.Protocol.AnthropicErrorTypes.InvalidRequest, $"Method {http.Method} is not allowed on {path}.")
                : new GatewayException(404, Skillgate.Protocol.AnthropicErrorTypes.NotFound, $"No route for {http.Method} {path}.");
        }

        if (!IsRelayed(path))
        {
            throw new GatewayException(404, Skillgate.Protocol.AnthropicErrorTypes.NotFound, $"No route for {http.Method} {path}.");
        }

        var tenant = feature.Tenant;
        var method = new HttpMethod(http.Method);
        ReadOnlyMemory<byte> body = await ReadBodyAsync(http, aborted);
        RedactedBatch? redactedBatch = null;
        if (method == HttpMethod.Post && path == "/v1/messages/count_tokens")
        {
            RequestValidator.Validate(body.Span, RequestKind.CountTokens);
            body = executor.RedactForCounting(tenant, body);
        }
        else if (method == HttpMethod.Post && path == "/v1/messages/batches")
        {
            RequestValidator.Validate(body.Span, RequestKind.CreateBatch);

            // Redaction: each request's params like a Messages call; the vaults are kept once the batch has its id.
            redactedBatch = executor.RedactBatch(tenant, body);
            body = redactedBatch?.Body ?? body;
        }

        var route = ObjectRoute.Of(path);
        string? pinned = null;

        // A list's page cursor names one key's object as an object id does: the page continues on that key.
        string? cursor = route.IsCollection ? FirstOf(http.Query["after_id"], http.Query["before_id"]) : null;
        var paged = cursor is not null || http.Query["page"].Count > 0;
        if ((route.Id ?? cursor) is { } id)
        {
            pinned = (await owners.ResolveAsync(id, tenant, aborted))?.KeyFingerprint;
        }

        var request = new UpstreamRequest(body, stream: false)
        {
            Method = method,
            Path = path + http.QueryString.Value,
            ContentType = body.IsEmpty ? null : http.ContentType ?? "application/json",
            Headers = HeaderPolicy.ForUpstream(http.Headers),
            Metered = false,
            Tenant = tenant.Name,
            KeyFingerprint = pinned,
        };

        var client = executor.ClientFor(tenant);
        var sent = time.GetTimestamp();
        try
        {
            // Lists ask every key (each may be its own workspace) and, with client keys, keep the tenant's own objects;
            // a page goes to the key its cursor names (an opaque `page` cursor: to the tenant's usual key), still filtered.
            IReadOnlyList<string?> keys = paged ? [pinned] : [.. fingerprints.For(client.Name)];
            if (route.IsCollection && method == HttpMethod.Get && (clientKeys.Enabled || keys.Count > 1))
            {
                await ListAsync(context, feature, client, request, keys, route.Kind!, sent, aborted);
                return;
            }

            await using var answer = await client.SendRawAsync(request, aborted);
            if (route.IsCollection && method == HttpMethod.Post)
            {
                await CreatedAsync(context, feature, answer, route.Kind!, sent, redactedBatch, aborted);
                return;
            }

            if (route.Id is { } named && !route.SubPath && method == HttpMethod.Delete)
            {
                await owners.ForgetAsync(named, aborted);
            }

            WriteHead(context, feature, answer.StatusCode, answer.ContentType, answer.Headers, sent);
            if (route.Kind == ObjectKinds.Batch && !route.SubPath)
            {
                // A batch names where its results are: the gateway, not the upstream the caller has no key for.
                var batch = ResultsUrls.Rewrite(await ReadUpToAsync(answer.Body, MaxJsonBytes, aborted), options.Upstream.BaseUrl!, context.Request);
                context.Response.ContentLength = batch.Length;
                await context.Response.Body.WriteAsync(batch, aborted);
                return;
            }

            if (route is { Kind: ObjectKinds.Batch, Id: { } batchId } && method == HttpMethod.Get && path.EndsWith("/results", StringComparison.Ordinal)
                && answer.StatusCode == 200 && !answer.Headers.Any(h => string.Equals(h.Key, "content-encoding", StringComparison.OrdinalIgnoreCase)))
            {
                // Redaction: each result line restored from the vault kept for its custom_id (in the store: survives restarts).
                await batches.RestoreResultsAsync(answer.Body, context.Response.Body, tenant.Name, batchId, aborted);
                return;
            }

            await answer.Body.CopyToAsync(context.Response.Body, aborted);
        }
        catch (UpstreamException ex) when (!context.Response.HasStarted)
        {
            metrics.Error(ex.ErrorType);
            await UpstreamFailure.WriteAsync(context, ex, aborted);
        }
    }

    /// <summary>A created object: its id is recorded with the tenant and the key before the caller learns it.</summary>
    private async Task CreatedAsync(HttpContext context, GatewayRequestFeature feature, UpstreamRawResponse answer, string kind, long sent, RedactedBatch? redactedBatch, CancellationToken cancellationToken)
    {
        var bytes = await ReadUpToAsync(answer.Body, MaxJsonBytes, cancellationToken);
        if (kind == ObjectKinds.Batch)
        {
            bytes = ResultsUrls.Rewrite(bytes, options.Upstream.BaseUrl!, context.Request);
        }

        if (TryParseObject(bytes) is { } created && created["id"]?.GetValue<string>() is { Length: > 0 } id)
        {
            if (answer.KeyFingerprint is { } key)
            {
                DateTimeOffset? expires = kind == ObjectKinds.Batch ? time.GetUtcNow() + ObjectKinds.BatchLifetime : null;
                await owners.RecordAsync(id, kind, feature.Tenant, key, expires, cancellationToken);
            }

            if (redactedBatch is { Vaults.Count: > 0 } && answer.StatusCode is >= 200 and < 300)
            {
                // Never cancelled half-way: the batch exists upstream now, and its results need these vaults.
                await batches.SaveAsync(redactedBatch, feature.Tenant.Name, id, CancellationToken.None);
            }
        }

        WriteHead(context, feature, answer.StatusCode, answer.ContentType, answer.Headers, sent);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>
    /// A list of a workspace-scoped collection: every key of the tenant's upstream is asked (each key is its own
    /// workspace), the pages merged newest first, and — with client keys configured — only the tenant's own objects kept.
    /// A page cursor (<c>after_id</c>/<c>before_id</c>) names one key's object and goes to that key alone.
    /// </summary>
    private async Task ListAsync(HttpContext context, GatewayRequestFeature feature, IUpstreamClient client, UpstreamRequest request, IReadOnlyList<string?> keys, string kind, long sent, CancellationToken cancellationToken)
    {
        var limit = int.TryParse(context.Request.Query["limit"], out var asked) && asked > 0 ? asked : 20;
        var merged = new List<JsonNode>();
        var hasMore = false;
        UpstreamRawResponse? last = null;
        try
        {
            foreach (var key in keys)
            {
                if (last is not null)
                {
                    await last.DisposeAsync();
                }

                last = await client.SendRawAsync(Pinned(request, key), cancellationToken);
                var page = TryParseObject(await ReadUpToAsync(last.Body, MaxJsonBytes, cancellationToken));
                if (page?["data"] is not JsonArray data)
                {
                    continue;
                }

                hasMore |= page["has_more"]?.GetValue<bool>() == true;
                foreach (var item in data.ToArray())
                {
                    data.Remove(item);
                    if (item?["id"]?.GetValue<string>() is { } id && await VisibleAsync(id, feature.Tenant, cancellationToken))
                    {
                        merged.Add(item);
                    }
                }
            }

            merged.Sort((a, b) => string.CompareOrdinal(b["created_at"]?.ToString(), a["created_at"]?.ToString()));
            hasMore |= merged.Count > limit;
            var shown = new JsonArray([.. merged.Take(limit)]);
            var result = new JsonObject
            {
                ["data"] = shown,
                ["has_more"] = hasMore,
                ["first_id"] = shown.Count > 0 ? shown[0]!["id"]?.DeepClone() : null,
                ["last_id"] = shown.Count > 0 ? shown[^1]!["id"]?.DeepClone() : null,
            };
            var bytes = System.Text.Encoding.UTF8.GetBytes(result.ToJsonString());
            if (kind == ObjectKinds.Batch)
            {
                bytes = ResultsUrls.Rewrite(bytes, options.Upstream.BaseUrl!, context.Request);
            }

            WriteHead(context, feature, 200, "application/json", last?.Headers ?? [], sent);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            if (last is not null)
            {
                await last.DisposeAsync();
            }
        }
    }

    /// <summary>Whether a listed object is shown to <paramref name="tenant"/>: its own; without client keys, everything.</summary>
    private async Task<bool> VisibleAsync(string id, Tenant tenant, CancellationToken cancellationToken)
    {
        if (!clientKeys.Enabled)
        {
            return true;
        }

        var owned = await owners.FindAsync(id, cancellationToken);
        return owned is not null && string.Equals(owned.Tenant, tenant.Name, StringComparison.Ordinal);
    }

    private static string? FirstOf(params Microsoft.Extensions.Primitives.StringValues[] values) =>
        values.FirstOrDefault(v => v.Count > 0 && !string.IsNullOrEmpty(v[0])) is { Count: > 0 } found ? found[0] : null;

    private static UpstreamRequest Pinned(UpstreamRequest request, string? key) => new(request.Body, stream: false)
    {
        Method = request.Method,
        Path = request.Path,
        ContentType = request.ContentType,
        Headers = request.Headers,
        Metered = false,
        Tenant = request.Tenant,
        KeyFingerprint = key,
    };

    private void WriteHead(HttpContext context, GatewayRequestFeature feature, int status, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers, long sent)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        foreach (var (name, value) in headers)
        {
            if (HeaderPolicy.Returned(name) && !string.Equals(name, "content-type", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers.Append(name, value);
            }
        }

        MessageHeaders.WriteOverhead(response, time, feature.StartTimestamp, sent);
    }

    private bool IsRelayed(string path)
    {
        foreach (var prefix in options.Upstream.RelayedPaths)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken) =>
        http.ContentLength is 0 || (http.ContentLength is null && !http.Headers.ContainsKey("transfer-encoding"))
            ? ReadOnlyMemory<byte>.Empty
            : await RequestBody.ReadAsync(http, options.MaxRequestBodyBytes, cancellationToken);

    private static JsonObject? TryParseObject(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadUpToAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > limit)
            {
                throw new GatewayException(502, Skillgate.Protocol.AnthropicErrorTypes.Api, $"The upstream's answer is larger than {limit} bytes, more than the gateway reads to record its objects.");
            }
        }

        return copy.ToArray();
    }
}
