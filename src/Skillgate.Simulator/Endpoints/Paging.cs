using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

/// <summary>The list pagination of the API: <c>limit</c> (1..1000, default 20), <c>after_id</c>, <c>before_id</c>, and the
/// <c>page</c> cursor of newer list endpoints (<c>next_page</c> of the previous page, the same as its <c>after_id</c>).</summary>
internal static class Paging
{
    private const string CursorPrefix = "page_";

    /// <summary>The opaque <c>next_page</c> cursor of a page whose last item is <paramref name="lastId"/>.</summary>
    public static string PageCursor(string lastId) => CursorPrefix + lastId;

    /// <summary>
    /// Answers a list request with one page of <paramref name="items"/> (newest first): <c>data</c>, <c>has_more</c>,
    /// <c>first_id</c>, <c>last_id</c>, and with <paramref name="nextPage"/> the <c>next_page</c> cursor too; a bad
    /// <c>limit</c> is the API's 400.
    /// </summary>
    public static async Task WriteListAsync<T>(HttpContext context, string requestId, IReadOnlyList<T> items, Func<T, string> id, Action<Utf8JsonWriter, T> write, bool nextPage = false)
    {
        if (!TryPage(context.Request, items, id, out var start, out var count, out var hasMore, out var pageError))
        {
            await Responses.WriteErrorAsync(context, requestId, AnthropicError.InvalidRequest(pageError!));
            return;
        }

        using var body = new PooledBuffer();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            for (var i = start; i < start + count; i++)
            {
                write(w, items[i]);
            }

            w.WriteEndArray();
            var lastId = count > 0 ? id(items[start + count - 1]) : null;
            w.WriteBoolean("has_more"u8, hasMore);
            ModelsEndpoint.WriteId(w, "first_id"u8, count > 0 ? id(items[start]) : null);
            ModelsEndpoint.WriteId(w, "last_id"u8, lastId);
            if (nextPage)
            {
                ModelsEndpoint.WriteId(w, "next_page"u8, hasMore && lastId is not null ? PageCursor(lastId) : null);
            }

            w.WriteEndObject();
        }

        await Responses.WriteJsonAsync(context, 200, body);
    }

    public static bool TryPage<T>(HttpRequest request, IReadOnlyList<T> items, Func<T, string> id,
        out int start, out int count, out bool hasMore, out string? error)
    {
        start = 0;
        count = 0;
        hasMore = false;
        error = null;
        var limit = 20;
        string? limitText = request.Query["limit"];
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            error = "limit: Input should be an integer between 1 and 1000";
            return false;
        }

        string? after = request.Query["after_id"];
        string? page = request.Query["page"];
        if (after is null && page is not null)
        {
            after = page.StartsWith(CursorPrefix, StringComparison.Ordinal) ? page[CursorPrefix.Length..] : page;
        }

        string? before = request.Query["before_id"];
        var end = items.Count;
        if (after is not null)
        {
            start = IndexOf(items, id, after) + 1;
        }

        if (before is not null)
        {
            end = Math.Max(0, IndexOf(items, id, before));
            start = Math.Max(0, end - limit);
            count = end - start;
            hasMore = start > 0;
            return true;
        }

        count = Math.Min(limit, Math.Max(0, end - start));
        hasMore = start + count < end;
        return true;
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, string> id, string value)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (id(items[i]) == value)
            {
                return i;
            }
        }

        return items.Count;
    }
}
