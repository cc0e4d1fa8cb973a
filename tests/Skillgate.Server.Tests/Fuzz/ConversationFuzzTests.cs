using System.Net;
using Skillgate.Server.Tests.Conversations;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.Fuzz;

/// <summary>Malformed requests and uploads to <c>/v1/conversations</c>: never a 500, and every conversation still readable and usable.</summary>
public sealed class ConversationFuzzTests
{
    private static readonly string[] Bodies =
    [
        """{"model":"claude-sonnet-4-5","system":[{"type":"text","text":"Be brief."}],"context_window":4096,"max_tokens":64}""",
        """{"content":"Hello there","max_tokens":32,"stream":false,"expected_version":3,"temperature":0.5}""",
        """{"content":[{"type":"text","text":"Look"},{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"r"}],"is_error":false}],"stream":true}""",
        """{"content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}],"role":"user","metadata":{"user_id":"u"}}""",
    ];

    private static readonly string[] ContentTypes = ["application/json", "text/plain", "multipart/form-data; boundary=x", "application/pdf", "", "text/csv"];

    [Fact]
    public async Task MalformedConversationRequests_NeverGet500_EveryConversationStillWorks()
    {
        await using var gateway = await ConversationGateway.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await gateway.CreateAsync(contextWindow: 8_192));
        }

        var mutator = new Mutator(seed: 7_2026);
        var files = new[]
        {
            TestFiles.Pdf([["Fuzzed page"]]), TestFiles.Docx("H", ["p"], [["a", "b"]]), TestFiles.Xlsx("S", [["a", 1]]), "a,b\n1,2\n"u8.ToArray(),
        };
        var cases = Enumerable.Range(0, 1200).Select(_ =>
        {
            var id = mutator.Next(8) == 0 ? mutator.Pick(["conv_nope", "..%2F..", "%ff", new string('a', 300)]) : mutator.Pick(ids);
            return mutator.Next(4) switch
            {
                0 => (Method: "POST", Path: "/v1/conversations", Body: mutator.Mutate(Bodies[0])),
                1 => (Method: mutator.Pick(["GET", "DELETE", "PUT"]), Path: $"/v1/conversations/{id}?limit={mutator.Next(200) - 50}", Body: Array.Empty<byte>()),
                2 => (Method: "POST", Path: $"/v1/conversations/{id}/messages", Body: mutator.Mutate(mutator.Pick(Bodies))),
                _ => (Method: "POST", Path: $"/v1/conversations/{id}/documents?filename=f{mutator.Next(5)}{mutator.Pick([".pdf", ".docx", ".xlsx", ".csv", ".txt", ""])}",
                    Body: MutateFile(mutator, mutator.Pick(files))),
            };
        }).Select(c => (c.Method, c.Path, c.Body, ContentType: mutator.Pick(ContentTypes))).ToList();
        var failures = new List<string>();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, ct) =>
        {
            // Deletes would empty the pool: they only go to ids outside it.
            var path = c.Method == "DELETE" && ids.Any(id => c.Path.Contains(id, StringComparison.Ordinal)) ? "/v1/conversations/conv_gone" : c.Path;
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), path);
            if (c.Method != "GET")
            {
                request.Content = new ByteArrayContent(c.Body);
                if (c.ContentType.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("content-type", c.ContentType);
                }
            }

            using var response = await gateway.Client.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (FuzzTests.Check(response, text) is { } problem)
            {
                lock (failures)
                {
                    failures.Add($"{c.Method} {path[..Math.Min(60, path.Length)]} -> {(int)response.StatusCode}: {problem[..Math.Min(300, problem.Length)]}");
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        foreach (var id in ids)
        {
            await gateway.GetAsync(id);
            using var turn = await gateway.SendAsync(id, "Still there?");
            Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        }
    }

    private static byte[] MutateFile(Mutator mutator, byte[] file)
    {
        var copy = (byte[])file.Clone();
        switch (mutator.Next(4))
        {
            case 0:
                return copy[..mutator.Next(copy.Length)];
            case 1:
                for (var i = 0; i <= mutator.Next(6); i++)
                {
                    copy[mutator.Next(copy.Length)] ^= (byte)(1 << mutator.Next(8));
                }

                return copy;
            case 2:
                return file;
            default:
                return mutator.Mutate("plain text note");
        }
    }
}
