using System.Text.Json;

namespace Skillgate.Tokens;

/// <summary>Walks a Messages request and counts the text the model reads, per script.</summary>
internal static class RequestTextWalker
{
    public static int Walk(JsonElement root, TextTokenCounter counter, int[] counts, TokenEstimatorOptions options, out string model)
    {
        model = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString() ?? string.Empty
            : string.Empty;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        var fixedTokens = options.TokensPerRequest;
        if (root.TryGetProperty("system", out var system))
        {
            fixedTokens += Content(system, counter, counts, options);
        }

        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            fixedTokens += options.ToolsOverhead;
            counts[(int)TokenScript.Code] += counter.CountCode(tools.GetRawText());
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                fixedTokens += options.TokensPerMessage;
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
                {
                    fixedTokens += Content(content, counter, counts, options);
                }
            }
        }

        return fixedTokens;
    }

    private static int Content(JsonElement content, TextTokenCounter counter, int[] counts, TokenEstimatorOptions options)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                counter.CountScripts(content.GetString(), counts);
                return 0;
            case JsonValueKind.Array:
                var fixedTokens = 0;
                foreach (var block in content.EnumerateArray())
                {
                    fixedTokens += Block(block, counter, counts, options);
                }

                return fixedTokens;
            default:
                return 0;
        }
    }

    private static int Block(JsonElement block, TextTokenCounter counter, int[] counts, TokenEstimatorOptions options)
    {
        if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var typeElement))
        {
            return 0;
        }

        var type = typeElement.GetString();
        switch (type)
        {
            case "text":
                return Text(block, "text", counter, counts);
            case "thinking":
                return Text(block, "thinking", counter, counts);
            case "redacted_thinking":
                return block.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
                    ? (data.GetString()?.Length ?? 0) / 4
                    : 0;
            case "tool_use" or "server_tool_use":
                var name = block.TryGetProperty("name", out var n) ? n.GetRawText() : string.Empty;
                var input = block.TryGetProperty("input", out var i) ? i.GetRawText() : string.Empty;
                counts[(int)TokenScript.Code] += counter.CountCode(name) + counter.CountCode(input);
                return 4;
            case "tool_result":
                return 4 + (block.TryGetProperty("content", out var result) ? Content(result, counter, counts, options) : 0);
            case "image":
                return options.TokensPerImage;
            case "document":
                return Document(block, counter, counts, options);
            default:
                // Unknown blocks are passed through by the gateway; count their JSON as code so they are not free.
                counts[(int)TokenScript.Code] += counter.CountCode(block.GetRawText());
                return 0;
        }
    }

    private static int Text(JsonElement block, string property, TextTokenCounter counter, int[] counts)
    {
        if (block.TryGetProperty(property, out var text) && text.ValueKind == JsonValueKind.String)
        {
            counter.CountScripts(text.GetString(), counts);
        }

        return 0;
    }

    private static int Document(JsonElement block, TextTokenCounter counter, int[] counts, TokenEstimatorOptions options)
    {
        if (!block.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            return options.TokensPerImage;
        }

        if (source.TryGetProperty("type", out var st) && st.GetString() == "text" && source.TryGetProperty("data", out var data))
        {
            counter.CountScripts(data.GetString(), counts);
            return 0;
        }

        if (source.TryGetProperty("data", out var base64) && base64.ValueKind == JsonValueKind.String)
        {
            // A PDF page costs its text plus a page image, about 1,500-3,000 tokens; assume 20 KB per page.
            var bytes = (base64.GetString()?.Length ?? 0) * 3L / 4;
            var pages = Math.Max(1, bytes / 20_000);
            return (int)Math.Min(int.MaxValue / 2, pages * 2_500);
        }

        return options.TokensPerImage;
    }
}
