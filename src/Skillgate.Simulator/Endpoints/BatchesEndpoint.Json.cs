using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator.Batches;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Endpoints;

internal static partial class BatchesEndpoint
{
    private static void WriteBatch(Utf8JsonWriter w, SimulatorState state, Batch batch, string baseUrl)
    {
        var progress = state.Batches.Progress(batch);
        w.WriteStartObject();
        w.WriteString("id"u8, batch.Id);
        w.WriteString("type"u8, "message_batch"u8);
        w.WriteString("processing_status"u8, progress.Status);
        w.WriteStartObject("request_counts"u8);
        w.WriteNumber("processing"u8, progress.Processing);
        w.WriteNumber("succeeded"u8, progress.Succeeded);
        w.WriteNumber("errored"u8, progress.Errored);
        w.WriteNumber("canceled"u8, progress.Canceled);
        w.WriteNumber("expired"u8, 0);
        w.WriteEndObject();
        JsonTime.Write(w, "ended_at"u8, progress.EndedAt);
        JsonTime.Write(w, "created_at"u8, batch.CreatedAt);
        JsonTime.Write(w, "expires_at"u8, batch.CreatedAt.AddHours(24));
        w.WriteNull("archived_at"u8);
        JsonTime.Write(w, "cancel_initiated_at"u8, batch.CancelInitiatedAt);
        if (progress.Ended)
        {
            w.WriteString("results_url"u8, baseUrl + "/v1/messages/batches/" + batch.Id + "/results");
        }
        else
        {
            w.WriteNull("results_url"u8);
        }

        w.WriteEndObject();
    }

    // Structural problems fail the whole create with 400; a request whose params do not validate
    // becomes an errored result, like the real API.
    private static List<BatchItem>? ParseItems(ReadOnlyMemory<byte> body, int seed, out string? problem)
    {
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            problem = "There was an error parsing the body of your request as JSON: " + ex.Message;
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("requests", out var requests))
            {
                problem = "requests: Field required";
                return null;
            }

            if (requests.ValueKind != JsonValueKind.Array || requests.GetArrayLength() == 0)
            {
                problem = "requests: Input should be a non-empty list";
                return null;
            }

            var items = new List<BatchItem>(requests.GetArrayLength());
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var request in requests.EnumerateArray())
            {
                var item = ParseItem(request, index, seed, ids, out problem);
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
                index++;
            }

            return items;
        }
    }

    private static BatchItem? ParseItem(JsonElement request, int index, int seed, HashSet<string> ids, out string? problem)
    {
        problem = null;
        if (request.ValueKind != JsonValueKind.Object
            || !request.TryGetProperty("custom_id", out var customId) || customId.ValueKind != JsonValueKind.String)
        {
            problem = $"requests.{index}.custom_id: Field required";
            return null;
        }

        var id = customId.GetString()!;
        if (!ids.Add(id))
        {
            problem = $"requests.{index}.custom_id: Duplicate custom_id '{id}'; custom_id must be unique within a batch";
            return null;
        }

        if (!request.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            problem = $"requests.{index}.params: Field required";
            return null;
        }

        var raw = System.Text.Encoding.UTF8.GetBytes(parameters.GetRawText());
        if (!MessageRequestParser.TryParse(raw, requireMaxTokens: true, out var info, out var error))
        {
            return new BatchItem(id, null, error, 0, default);
        }

        var lastUser = info!.LastUserMessageOffset >= 0 ? raw.AsSpan(info.LastUserMessageOffset, info.LastUserMessageLength) : raw;
        var hash = SimRandom.Hash(lastUser, (ulong)seed) ^ ((ulong)info.MessageCount << 40) ^ (ulong)info.MaxTokens;
        var directives = info.LastUserMessageOffset >= 0 ? Directives.Parse(lastUser) : default;
        return new BatchItem(id, info, null, hash, directives, directives.Echo == Generation.EchoMode.None ? null : raw);
    }
}
