using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Simulator.Endpoints;

/// <summary>The list pagination of the API: <c>limit</c> (1..1000, default 20), <c>after_id</c>, <c>before_id</c>, and the
/// <c>page</c> cursor of newer list endpoints (<c>next_page</c> of the previous page, the same as its <c>after_id</c>).</summary>
internal static class Paging
{
    private const string CursorPrefix = "page_";

    /// <summary>The opaque <c>next_page</c> cursor of a page whose last item is <paramref name="lastId"/>.</summary>
    public static string PageCursor(string lastId) => CursorPrefix + lastId;

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
