namespace Skillgate.Server.Tests.Dashboard;

/// <summary>Reads <c>/dashboard/events</c> as the page does.</summary>
internal static class DashboardEvents
{
    /// <summary>The JSON of the first event; the stream is closed after it.</summary>
    public static async Task<string> FirstFrameAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await client.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("/dashboard/events ended without an event.");
    }
}
