using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>
/// The gateway's conversation endpoints, called over loopback. A turn takes the gateway's own path: the user turn
/// stored first, the view built within the budget, the call through the pipeline, the answer stored once complete.
/// Failures are <see cref="HttpRequestException"/>s carrying the gateway's (Anthropic-shaped) message and status.
/// </summary>
internal sealed class ConversationClient(HttpClient http)
{
    public const string TokensHeader = "skillgate-context-tokens";
    public const string BudgetHeader = "skillgate-context-budget";
    public const string RoundsHeader = "skillgate-context-rounds";

    /// <summary>The conversation with its history, or <see langword="null"/> when there is none with that id.</summary>
    public async Task<JsonObject?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(Path(id), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadObjectAsync(response, cancellationToken);
    }

    public async Task<JsonObject> CreateAsync(string? model, int? contextWindow, int? maxTokens, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        Add(body, "model", model);
        Add(body, "context_window", contextWindow);
        Add(body, "max_tokens", maxTokens);
        using var response = await http.PostAsync("v1/conversations", Json(body), cancellationToken);
        return await ReadObjectAsync(response, cancellationToken);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(Path(id), cancellationToken);
        await ReadObjectAsync(response, cancellationToken);
    }

    /// <summary>Uploads a file; the gateway converts it by its name's extension and attaches it.</summary>
    public async Task<JsonObject> AttachAsync(string id, byte[] content, string fileName, CancellationToken cancellationToken)
    {
        using var upload = new ByteArrayContent(content);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"{Path(id)}/documents?filename={Uri.EscapeDataString(fileName)}", upload, cancellationToken);
        return await ReadObjectAsync(response, cancellationToken);
    }

    /// <summary>Sends a user turn with <c>stream: true</c>; returns once the response headers arrived.</summary>
    public async Task<HttpResponseMessage> SendTurnAsync(string id, string text, string? model, int? maxTokens, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["content"] = text, ["stream"] = true };
        Add(body, "model", model);
        Add(body, "max_tokens", maxTokens);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Path(id)}/messages") { Content = Json(body) };
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The message of an Anthropic-shaped error body, or the status when the body is not one.</summary>
    public static string ErrorMessage(string body, HttpStatusCode status)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"]?["message"] is JsonValue message && message.TryGetValue(out string? text))
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall back to the status.
        }

        return $"the gateway answered {(int)status} {status}";
    }

    private static string Path(string id) => "v1/conversations/" + Uri.EscapeDataString(id);

    private static void Add(JsonObject body, string name, string? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }

    private static void Add(JsonObject body, string name, int? value)
    {
        if (value is { } number)
        {
            body[name] = number;
        }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(ErrorMessage(text, response.StatusCode), null, response.StatusCode);
        }

        return JsonNode.Parse(text) as JsonObject
            ?? throw new HttpRequestException("The gateway's answer is not a JSON object.", null, response.StatusCode);
    }
}
