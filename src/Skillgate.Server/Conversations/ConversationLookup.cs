using Microsoft.AspNetCore.Http;
using Skillgate.Context;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Conversations;

/// <summary>Finds the conversation a request names, scoped to the caller's tenant; anything else is a 404.</summary>
internal static class ConversationLookup
{
    public static string TenantOf(HttpContext context) =>
        (context.Features.Get<GatewayRequestFeature>() ?? throw new InvalidOperationException("GatewayMiddleware did not run.")).Tenant.Name;

    /// <exception cref="GatewayException">404 when the conversation does not exist (for this tenant).</exception>
    public static async Task<Found> LoadAsync(HttpContext context, IConversationStore store, CancellationToken cancellationToken)
    {
        var id = context.Request.RouteValues["id"] as string;
        if (!ConversationIds.IsWellFormed(id))
        {
            throw NotFound(id ?? "");
        }

        var key = ConversationIds.Key(TenantOf(context), id!);
        var entries = await store.ReadAsync(key, 0, cancellationToken);
        if (entries.Count == 0 || entries[0].Kind != ConversationEntryKind.Settings)
        {
            throw NotFound(id!);
        }

        return new Found(id!, key, ConversationSettings.FromJson(entries[0].Json), entries);
    }

    /// <summary>
    /// Called once the conversation's lock is held: a delete that ran between the lookup and the lock must not be
    /// undone by an append at version 0, which would recreate the log without its settings (listed, but a 404 to
    /// GET and DELETE, so never removable).
    /// </summary>
    /// <returns>The conversation's current version.</returns>
    /// <exception cref="GatewayException">404 when it is gone.</exception>
    public static async Task<long> StillThereAsync(IConversationStore store, Found found, CancellationToken cancellationToken)
    {
        var version = await store.GetVersionAsync(found.Key, cancellationToken);
        return version > 0 ? version : throw NotFound(found.Id);
    }

    public static GatewayException NotFound(string id) =>
        new(404, AnthropicErrorTypes.NotFound, $"Conversation '{Shorten(id)}' was not found.");

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "...";

    /// <summary>A conversation found: its public id, store key, settings and whole log.</summary>
    internal sealed record Found(string Id, string Key, ConversationSettings Settings, IReadOnlyList<ConversationEntry> Entries)
    {
        public long Version => Entries[^1].Sequence;
    }
}
