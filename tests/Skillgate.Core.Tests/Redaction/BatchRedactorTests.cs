using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction;

public sealed class BatchRedactorTests
{
    private const string Batch = """
        {"requests":[
          {"custom_id":"a","params":{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Mail anna@example.com"}]}},
          {"custom_id":"b","params":{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Call +44 20 7946 0018"}]}},
          {"custom_id":"c","params":{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"Nothing here"}]}}],
         "extra":{"kept":true}}
        """;

    [Fact]
    public async Task RedactBatch_ThenResults_EachLineRestoredFromItsOwnVault()
    {
        var pseudonymizer = new Pseudonymizer(new RedactionOptions());
        var batches = new BatchRedactor(pseudonymizer, new RequestRedactor(pseudonymizer));

        var redacted = batches.RedactBatch(Encoding.UTF8.GetBytes(Batch), "t", RedactionMode.Pseudonymize);
        await batches.SaveAsync(redacted, "t", "msgbatch_1");

        var sent = JsonNode.Parse(redacted.Body)!;
        var a = sent["requests"]![0]!["params"]!["messages"]![0]!["content"]!.GetValue<string>();
        var b = sent["requests"]![1]!["params"]!["messages"]![0]!["content"]!.GetValue<string>();
        Assert.StartsWith("Mail ⟦EMAIL_", a, StringComparison.Ordinal);
        Assert.StartsWith("Call ⟦PHONE_", b, StringComparison.Ordinal);
        Assert.True(sent["extra"]!["kept"]!.GetValue<bool>());
        Assert.Equal(["a", "b"], redacted.Vaults.Select(v => v.Key));

        var results = $"{Line("a", a)}\n{Line("b", b + " " + a[5..])}\n{Line("c", "Nothing here")}\n";
        using var output = new MemoryStream();
        await batches.RestoreResultsAsync(new MemoryStream(Encoding.UTF8.GetBytes(results)), output, "t", "msgbatch_1");
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');

        Assert.Contains("Mail anna@example.com", lines[0], StringComparison.Ordinal);
        Assert.Contains("Call +44 20 7946 0018", lines[1], StringComparison.Ordinal);
        Assert.Contains("⟦EMAIL_", lines[1], StringComparison.Ordinal); // b's vault does not hold a's value
        Assert.Equal(Line("c", "Nothing here"), lines[2]);
        Assert.Equal("", lines[3]);
    }

    [Fact]
    public void RedactBatch_BadParams_RefusedNamingTheRequest()
    {
        var pseudonymizer = new Pseudonymizer(new RedactionOptions());
        var batches = new BatchRedactor(pseudonymizer, new RequestRedactor(pseudonymizer));

        var error = Assert.Throws<RedactionFailedException>(() => batches.RedactBatch(
            """{"requests":[{"custom_id":"a","params":{"messages":5}}]}"""u8, "t", RedactionMode.Redact));

        Assert.StartsWith("requests.0.params: ", error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.ErrorType);
    }

    private static string Line(string id, string text) =>
        new JsonObject
        {
            ["custom_id"] = id,
            ["result"] = new JsonObject { ["type"] = "succeeded", ["message"] = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) } },
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
