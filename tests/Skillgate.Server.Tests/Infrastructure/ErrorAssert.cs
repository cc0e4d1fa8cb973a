using System.Net;
using System.Text.Json;

namespace Skillgate.Server.Tests.Infrastructure;

internal static class ErrorAssert
{
    /// <summary>Asserts an Anthropic-shaped error with the status and type, and returns its message.</summary>
    public static async Task<string> IsAnthropicErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.Contains("request-id"), "request-id header missing");
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("error", doc.RootElement.GetProperty("type").GetString());
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(response.Headers.GetValues("request-id").First(), doc.RootElement.GetProperty("request_id").GetString());
        return error.GetProperty("message").GetString()!;
    }
}
