using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Simulator.Endpoints;

/// <summary>The list pagination of the API: <c>limit</c> (1..1000, default 20), <c>after_id</c>, <c>before_id</c>.</summary>
internal static class Paging
{
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
