using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skillgate.Context;
using Skillgate.Server.Errors;
using Skillgate.Server.Messages;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Conversations;

/// <summary>Create, list, get and delete conversations.</summary>
internal sealed class ConversationHandler(ConversationServices services, Hosting.GatewayOptions options)
{
    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    public async Task CreateAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var body = RequestFields.ParseObject(await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, aborted));
        var settings = ConversationSettings.FromRequest(body, services.Options);
        var opened = await services.GetAsync(aborted);
        var id = ConversationIds.New();
        var key = ConversationIds.Key(ConversationLookup.TenantOf(context), id);
        await opened.Store.AppendAsync(key, 0, [new ConversationRecord(ConversationEntryKind.Settings, settings.ToJson())], aborted);
        var entries = await opened.Store.ReadAsync(key, 0, aborted);
        await ConversationJson.WriteAsync(context, 200, ConversationJson.Conversation(id, settings, entries));
    }

    public async Task ListAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var query = context.Request.Query;
        var limit = DefaultPageSize;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            throw GatewayException.InvalidRequest($"limit: must be an integer from 1 to {MaxPageSize}.");
        }

        var opened = await services.GetAsync(aborted);
        var prefix = ConversationIds.KeyPrefix(ConversationLookup.TenantOf(context));
        string? after = null;
        if (query.TryGetValue("after_id", out var afterId))
        {
            after = prefix + afterId;
            if (!ConversationIds.IsWellFormed(afterId) || await opened.Store.GetVersionAsync(after, aborted) == 0)
            {
                throw GatewayException.InvalidRequest($"after_id: no conversation '{afterId}' in the listing.");
            }
        }

        // The store pages the tenant's own scope: one more than asked for says whether there are more.
        var rows = await opened.Store.ListScopeAsync(prefix, limit + 1, after, aborted);
        var page = rows.Take(limit).Where(c => ConversationIds.IsWellFormed(c.Id[prefix.Length..])).ToList();
        var data = new JsonArray([.. page.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id[prefix.Length..],
            ["type"] = "conversation",
            ["version"] = c.Version,
            ["updated_at"] = ConversationJson.Time(c.UpdatedAt),
        })]);
        await ConversationJson.WriteAsync(context, 200, new JsonObject
        {
            ["data"] = data,
            ["has_more"] = rows.Count > limit,
            ["first_id"] = page.Count == 0 ? null : page[0].Id[prefix.Length..],
            ["last_id"] = page.Count == 0 ? null : page[^1].Id[prefix.Length..],
        });
    }

    public async Task GetAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var opened = await services.GetAsync(aborted);
        var found = await ConversationLookup.LoadAsync(context, opened.Store, aborted);
        var json = ConversationJson.WithHistory(ConversationJson.Conversation(found.Id, found.Settings, found.Entries), found.Entries);
        await ConversationJson.WriteAsync(context, 200, json);
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var opened = await services.GetAsync(aborted);
        var found = await ConversationLookup.LoadAsync(context, opened.Store, aborted);
        using var held = services.Locks.TryEnter(found.Key)
            ?? throw new GatewayException(409, AnthropicErrorTypes.InvalidRequest, $"Conversation '{found.Id}' has a turn in progress; delete it once the turn has finished.");
        if (!await opened.Store.DeleteAsync(found.Key, aborted))
        {
            throw ConversationLookup.NotFound(found.Id);
        }

        await ConversationJson.WriteAsync(context, 200, new JsonObject { ["id"] = found.Id, ["type"] = "conversation_deleted" });
    }
}
