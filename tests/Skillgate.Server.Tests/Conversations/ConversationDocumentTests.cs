using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.Conversations;

public sealed class ConversationDocumentTests
{
    private static readonly string Report = string.Join('\n', Enumerable.Range(1, 120).Select(i =>
        $"Section {i}: the warehouse in Rotterdam shipped {i * 37} pallets of ceramic tiles to customer account ACC-{1000 + i}, invoice INV-{7000 + i}."));

    [Fact]
    public async Task Upload_RawText_ThenQuestionCarriesTheDocumentUpstream()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var withDocument = await gateway.CreateAsync();
        var without = await gateway.CreateAsync();

        using var upload = await gateway.Client.PostAsync($"v1/conversations/{withDocument}/documents?filename=report.txt", new StringContent(Report, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.Equal("report.txt", stored["name"]!.GetValue<string>());
        Assert.Equal("pinned", stored["mode"]!.GetValue<string>());
        Assert.Equal(64, stored["hash"]!.GetValue<string>().Length);

        var question = "How many pallets went to ACC-1042?";
        var bare = await InputTokensAsync(gateway, without, question);
        var grounded = await InputTokensAsync(gateway, withDocument, question);

        // The simulator counts what reached it: the pinned report adds thousands of tokens to the request.
        Assert.True(grounded > bare + 1_000, $"with the document {grounded} input tokens, without {bare}");
        var conversation = await gateway.GetAsync(withDocument);
        Assert.Equal("report.txt", conversation["documents"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_PdfWithoutFileName_ConvertedByContentType()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var pdf = new ByteArrayContent(TestFiles.Pdf([["Quarterly report", "Revenue grew 12 percent in Q3."], ["Page two: the Lisbon office opened."]]));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var upload = await gateway.Client.PostAsync($"v1/conversations/{id}/documents", pdf);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.Equal("application/pdf", stored["media_type"]!.GetValue<string>());
        Assert.Equal("document.pdf", stored["name"]!.GetValue<string>());
        Assert.InRange(stored["tokens"]!.GetValue<int>(), 5, 200);

        using var turn = await gateway.SendAsync(id, "What grew in Q3?");
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
    }

    [Fact]
    public async Task Upload_SmallPdfWithNativeOption_SentAsDocumentBlockTheSimulatorAccepts()
    {
        await using var gateway = await ConversationGateway.StartAsync(o => o.Conversations.NativePdfMaxPages = 5);
        var id = await gateway.CreateAsync();
        var bytes = TestFiles.Pdf([["Quarterly report", "Revenue grew 12 percent in Q3, driven by tile exports to Porto and Lisbon."]]);
        var pdf = new ByteArrayContent(bytes);
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using (var upload = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=q3.pdf", pdf))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        using var turn = await gateway.SendAsync(id, "What grew in Q3?");
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);

        // The simulator accepts the document block and does not count its base64 as text: the same PDF pinned as
        // text (the default) makes a larger request.
        var native = JsonNode.Parse(await turn.Content.ReadAsStringAsync())!["usage"]!["input_tokens"]!.GetValue<long>();
        await using var textOnly = await ConversationGateway.StartAsync();
        var plain = await textOnly.CreateAsync();
        var again = new ByteArrayContent(bytes);
        again.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using (var upload = await textOnly.Client.PostAsync($"v1/conversations/{plain}/documents?filename=q3.pdf", again))
        {
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        using var textTurn = await textOnly.SendAsync(plain, "What grew in Q3?");
        var asText = JsonNode.Parse(await textTurn.Content.ReadAsStringAsync())!["usage"]!["input_tokens"]!.GetValue<long>();
        Assert.True(native < asText, $"native {native}, as text {asText}");
    }

    [Fact]
    public async Task Upload_XlsxAsMultipart_Stored()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestFiles.Xlsx("Budget", [["item", "amount"], ["tiles", 1200], ["pallets", 85]]));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "budget.xlsx");
        using var upload = await gateway.Client.PostAsync($"v1/conversations/{id}/documents", form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.Equal("budget.xlsx", stored["name"]!.GetValue<string>());
        Assert.Contains("spreadsheetml", stored["media_type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, stored["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upload_SameFileTwice_StoredOnceByHash()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var a = await gateway.CreateAsync();
        var b = await gateway.CreateAsync();
        var hashes = new List<string>();
        foreach (var id in new[] { a, b })
        {
            using var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("name,amount\nalpha,3\nbeta,5\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "file", "amounts.csv");
            using var upload = await gateway.Client.PostAsync($"v1/conversations/{id}/documents", content);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
            var stored = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
            Assert.Equal("text/csv", stored["media_type"]!.GetValue<string>());
            hashes.Add(stored["hash"]!.GetValue<string>());
        }

        Assert.Equal(hashes[0], hashes[1]);
    }

    [Fact]
    public async Task Upload_LargeDocumentInSmallWindow_RelevantChunkSentUpstream()
    {
        // 400 sections, each naming its own account: far more than an 8,000-token window holds, so only some parts go
        // upstream. Section 350 is the only one about ACC-1350, and late in the document, so neither the first parts
        // nor the last ones happen to contain it.
        var sections = Enumerable.Range(1, 400).Select(i =>
            $"Section {i}: the warehouse in Rotterdam shipped {i * 37} pallets of ceramic tiles to customer account ACC-{1000 + i}, invoice INV-{7000 + i}.").ToList();
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync(contextWindow: 8_000);
        using var upload = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=ledger.txt", new StringContent(string.Join('\n', sections), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("chunked", JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["mode"]!.GetValue<string>());

        using var turn = await gateway.SendAsync(id, "Which invoice belongs to ACC-1350?");

        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var tokens = int.Parse(turn.Headers.GetValues("skillgate-context-tokens").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var budget = int.Parse(turn.Headers.GetValues("skillgate-context-budget").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(tokens, 500, budget);
        var sent = StringsOf(JsonNode.Parse(Assert.Single(gateway.Inner.Simulator.GetRecordedRequests(), r => r.PathAndQuery == "/v1/messages").Body.Span)!);
        Assert.Contains("<document_excerpts name=\"ledger.txt\"", sent, StringComparison.Ordinal);
        Assert.Contains(sections[349], sent, StringComparison.Ordinal);
        var sectionsSent = sections.Count(s => sent.Contains(s, StringComparison.Ordinal));
        Assert.True(sectionsSent < sections.Count / 2, $"{sectionsSent} of {sections.Count} sections went upstream");
        Assert.Contains("Left out of ledger.txt", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnknownType_400NamingSupportedTypes()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=chart.png", png);
        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("chart.png", message, StringComparison.Ordinal);
        Assert.Contains("PDF", message, StringComparison.Ordinal);
        Assert.Contains("XLSX", message, StringComparison.Ordinal);
        Assert.Equal(1, (await gateway.GetAsync(id))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upload_MalformedMultipart_400()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var body = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary", Encoding.UTF8);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        using var response = await gateway.Client.PostAsync($"v1/conversations/{id}/documents", body);
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
    }

    [Fact]
    public async Task Upload_NotReallyAPdf_400()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var id = await gateway.CreateAsync();
        var fake = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.7 this is not a pdf"));
        fake.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var response = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=broken.pdf", fake);
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
    }

    [Fact]
    public async Task Upload_LargerThanTheBodyLimit_413()
    {
        await using var gateway = await ConversationGateway.StartAsync(o => o.MaxRequestBodyBytes = 64 * 1024);
        var id = await gateway.CreateAsync();
        using var response = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=big.txt", new StringContent(new string('a', 100_000), Encoding.UTF8, "text/plain"));
        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(new string('b', 100_000), Encoding.UTF8, "text/plain"), "file", "big.txt");

        // A fresh connection: the gateway closes one whose oversized body it did not read.
        using var client = new HttpClient { BaseAddress = gateway.Inner.BaseUrl };
        using var multipart = await client.PostAsync($"v1/conversations/{id}/documents", form);
        await ErrorAssert.IsAnthropicErrorAsync(multipart, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(1, (await gateway.GetAsync(id))["version"]!.GetValue<long>());
    }

    private static async Task<long> InputTokensAsync(ConversationGateway gateway, string id, string text)
    {
        using var response = await gateway.SendAsync(id, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["usage"]!["input_tokens"]!.GetValue<long>();
    }

    /// <summary>Every string in a JSON request (system, message texts, ...), one per line: the text the model was given.</summary>
    private static string StringsOf(JsonNode node) => node switch
    {
        JsonObject o => string.Join('\n', o.Select(p => p.Value is null ? "" : StringsOf(p.Value))),
        JsonArray a => string.Join('\n', a.Select(e => e is null ? "" : StringsOf(e))),
        _ when node.GetValueKind() == System.Text.Json.JsonValueKind.String => node.GetValue<string>(),
        _ => "",
    };
}
