using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Skillgate.Runs.Execution;

/// <summary>One item's output line: id, status, answer or error, usage, latency, attempts, mode.</summary>
internal sealed record ItemOutcome(
    string Id,
    bool Succeeded,
    string? Answer,
    string? ErrorType,
    string? ErrorMessage,
    long InputTokens,
    long OutputTokens,
    double LatencyMs,
    int Attempts,
    string Mode,
    string Model,
    string? BatchId,
    decimal Cost)
{
    public string ToJsonLine()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Id);
            writer.WriteString("status", Succeeded ? "done" : "failed");
            if (Succeeded)
            {
                writer.WriteString("answer", Answer);
            }
            else
            {
                writer.WriteStartObject("error");
                writer.WriteString("type", ErrorType);
                writer.WriteString("message", ErrorMessage);
                writer.WriteEndObject();
            }

            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", InputTokens);
            writer.WriteNumber("output_tokens", OutputTokens);
            writer.WriteEndObject();
            writer.WriteNumber("latency_ms", Math.Round(LatencyMs, 1));
            writer.WriteNumber("attempts", Attempts);
            writer.WriteString("mode", Mode);
            writer.WriteString("model", Model);
            if (BatchId is not null)
            {
                writer.WriteString("batch_id", BatchId);
            }

            writer.WriteNumber("cost_usd", Math.Round(Cost, 8));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The text blocks of a Messages response, joined.</summary>
    public static string AnswerText(JsonElement message)
    {
        var text = new StringBuilder();
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (block.TryGetProperty("type", out var type) && type.ValueEquals("text") && block.TryGetProperty("text", out var t))
                {
                    text.Append(t.GetString());
                }
            }
        }

        return text.ToString();
    }
}
