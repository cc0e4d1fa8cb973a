using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Hosting;
using Skillgate.Server.Tests.Conversations;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.BadInput;

/// <summary>Malformed requests to <c>/v1/conversations</c>: a 400/404/409 in Anthropic's shape, never a 500, and the log untouched.</summary>
public sealed class ConversationBadInputTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("null", "must be a JSON object")]
    [InlineData("\"x\"", "must be a JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"model\":\"m\"}xx", "not valid JSON")]
    [InlineData("{\"model\":5}", "model: must be a non-empty string")]
    [InlineData("{\"model\":\"\"}", "model: must be a non-empty string")]
    [InlineData("{\"system\":5}", "system: must be a string or an array of text blocks")]
    [InlineData("{\"system\":[1,2]}", "system: must be a string or an array of text blocks")]
    [InlineData("{\"system\":[{\"type\":\"image\"}]}", "system: must be a string or an array of text blocks")]
    [InlineData("{\"system\":[{\"type\":\"text\",\"text\":7}]}", "system: must be a string or an array of text blocks")]
    [InlineData("{\"context_window\":\"big\"}", "context_window: must be an integer")]
    [InlineData("{\"context_window\":1e400}", "context_window: must be an integer")]
    [InlineData("{\"context_window\":2.5}", "context_window: must be an integer")]
    [InlineData("{\"max_tokens\":-1}", "max_tokens: must be an integer")]
    [InlineData("{\"model\":\"a\",\"model\":\"b\"}", "Duplicate")]
    [InlineData("{\"a\":1,\"a\":2}", "Duplicate")]
    [InlineData("{\"system\":[{\"type\":\"text\",\"text\":\"x\",\"text\":\"y\"}]}", "Duplicate")]
    [InlineData("{\"model\":\"\\ud800\"}", "lone surrogate")]
    [InlineData("{\"system\":\"ok \\udc00 then\"}", "lone surrogate")]
    [InlineData("{\"\\ud800\":1}", "lone surrogate")]
    public async Task Create_MalformedBody_400NamingTheProblem(string body, string expected)
    {
        using var response = await shared.Client.PostAsync("v1/conversations", SharedGateway.Json(body));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6D, 0x6F, 0x64, 0x65, 0x6C, 0x22, 0x3A, 0x22, 0x61, 0xFF, 0xFE, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x73, 0x79, 0x73, 0x74, 0x65, 0x6D, 0x22, 0x3A, 0x22, 0x61, 0xC0, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x73, 0x79, 0xFF, 0x22, 0x3A, 0x31, 0x7D })]
    public async Task Create_InvalidUtf8_400NotSilentlyReplaced(byte[] body)
    {
        using var response = await shared.Client.PostAsync("v1/conversations", SharedGateway.Bytes(body));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"unknown_field\":{\"nested\":[1,2,3]},\"id\":\"conv_mine\"}")]
    public async Task Create_EmptyOrUnknownFields_CreatesWithDefaults(string body)
    {
        using var response = await shared.Client.PostAsync("v1/conversations", SharedGateway.Bytes(Encoding.UTF8.GetBytes(body), "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = SharedGateway.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("conv_", created["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual("conv_mine", created["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_HugeIdAndDeepNesting_400OrIgnoredNever500()
    {
        using var hugeId = await shared.Client.PostAsync("v1/conversations", SharedGateway.Json($"{{\"id\":\"{new string('x', 100_000)}\"}}"));
        Assert.Equal(HttpStatusCode.OK, hugeId.StatusCode);

        using var deep = await shared.Client.PostAsync("v1/conversations", SharedGateway.Json(new string('[', 5000)));
        var message = await ErrorAssert.IsAnthropicErrorAsync(deep, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("depth", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("limit=%ff", "limit")]
    [InlineData("after_id=nope", "after_id")]
    [InlineData("after_id=", "after_id")]
    [InlineData("after_id=..%2F..%2Fetc", "after_id")]
    [InlineData("after_id=%00%ff", "after_id")]
    public async Task List_BadPaging_400NamingTheParameter(string query, string parameter)
    {
        using var response = await shared.Client.GetAsync("v1/conversations?" + query);

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.StartsWith(parameter + ":", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_JunkQueryParameters_Ignored()
    {
        using var response = await shared.Client.GetAsync("v1/conversations?" + new string('a', 6000) + "=1&x=%ff%fe&&&=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(SharedGateway.Parse(await response.Content.ReadAsStringAsync())["data"]);
    }

    public static TheoryData<string> MalformedIds() =>
    [
        "conv_nope", "..%2F..%2Fetc", "%2e%2e%2fsecret", "%ff%fe", "%C0%AE%C0%AE", "a%20b", "conv_%0d%0aSet-Cookie:x",
        new string('a', 5000), "conv_" + new string('A', 60), "conv_%E4%B8%AD",
    ];

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task Routes_UnknownOrMalformedId_404(string id)
    {
        using var get = await shared.Client.GetAsync("v1/conversations/" + id);
        using var delete = await shared.Client.DeleteAsync("v1/conversations/" + id);
        using var turn = await shared.Client.PostAsync($"v1/conversations/{id}/messages", SharedGateway.Json("{\"content\":\"hi\"}"));
        using var document = await shared.Client.PostAsync($"v1/conversations/{id}/documents?filename=a.txt", SharedGateway.Bytes("hello"u8.ToArray(), "text/plain"));

        foreach (var response in new[] { get, delete, turn, document })
        {
            var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.NotFound, "not_found_error");
            Assert.True(message.Length < 200, message);
        }
    }

    public static TheoryData<string, string> MalformedTurns() => new()
    {
        { "", "content: required" },
        { "{}", "content: required" },
        { "[]", "must be a JSON object" },
        { "{\"content\":null}", "content: required" },
        { "{\"content\":5}", "content: required" },
        { "{\"content\":\"\"}", "content: required" },
        { "{\"content\":\"   \\n\\t \"}", "content: required" },
        { "{\"content\":[]}", "content: required" },
        { "{\"content\":[5]}", "content.0: must be a content block" },
        { "{\"content\":[{}]}", "content.0: must be a content block" },
        { "{\"content\":[{\"type\":5}]}", "content.0: must be a content block" },
        { "{\"content\":[{\"type\":\"text\",\"text\":5}]}", "content.0.text" },
        { "{\"content\":[{\"type\":\"text\",\"text\":{\"a\":1}}]}", "content.0.text" },
        { "{\"content\":[{\"type\":\"text\"}]}", "content.0.text" },
        { "{\"content\":[{\"type\":\"text\",\"text\":\"  \"}]}", "only empty text" },
        { "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"},{\"type\":\"tool_result\",\"tool_use_id\":5}]}", "content.1.tool_use_id" },
        { "{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_x\",\"content\":\"r\"}]}", "answers no tool_use" },
        { "{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":7}]}", "content.0.content" },
        { "{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"text\",\"text\":1}]}]}", "content.0.text" },
        { "{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"is_error\":\"yes\"}]}", "is_error" },
        { "{\"content\":[{\"type\":\"tool_use\",\"id\":\"x\",\"name\":\"n\",\"input\":{}}]}", "assistant turn" },
        { "{\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"s\"}]}", "assistant turn" },
        { "{\"content\":[{\"type\":\"image\",\"source\":\"http://x\"}]}", "content.0.source" },
        { "{\"content\":\"hi\",\"role\":\"assistant\"}", "role:" },
        { "{\"content\":\"hi\",\"role\":5}", "role:" },
        { "{\"content\":\"hi\",\"messages\":[]}", "messages and system" },
        { "{\"content\":\"hi\",\"system\":\"s\"}", "messages and system" },
        { "{\"content\":\"hi\",\"expected_version\":\"3\"}", "expected_version" },
        { "{\"content\":\"hi\",\"expected_version\":-1}", "expected_version" },
        { "{\"content\":\"hi\",\"expected_version\":0}", "expected_version" },
        { "{\"content\":\"hi\",\"expected_version\":1.5}", "expected_version" },
        { "{\"content\":\"hi\",\"expected_version\":99999999999999999999999}", "expected_version" },
        { "{\"content\":\"hi\",\"stream\":\"yes\"}", "stream" },
        { "{\"content\":\"hi\",\"max_tokens\":\"5\"}", "max_tokens" },
        { "{\"content\":\"hi\",\"max_tokens\":0}", "max_tokens" },
        { "{\"content\":\"hi\",\"model\":5}", "model" },
        { "{\"content\":\"hi\",\"tools\":\"junk\"}", "tools" },
        { "{\"content\":\"hi\",\"tools\":[{\"name\":5}]}", "tools.0" },
        { "{\"content\":\"hi\",\"tool_choice\":7}", "tool_choice" },
        { "{\"content\":\"hi\",\"metadata\":\"m\"}", "metadata" },
        { "{\"content\":\"hi\",\"a\":1,\"a\":2}", "Duplicate" },
        { "{\"content\":[{\"type\":\"text\",\"text\":\"a\",\"text\":\"b\"}]}", "Duplicate" },
        { "{\"content\":\"\\ud800\"}", "lone surrogate" },
        { "{\"content\":[{\"type\":\"text\",\"text\":\"x\\udfff\"}]}", "lone surrogate" },
    };

    [Theory]
    [MemberData(nameof(MalformedTurns))]
    public async Task Turn_Malformed_400LogUnchangedAndNextTurnWorks(string body, string expected)
    {
        var id = await shared.Gateway.CreateAsync();
        using (var first = await shared.Gateway.SendAsync(id, "Remember the number 4711."))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var before = await shared.SnapshotAsync(id);

        using (var bad = await shared.Client.PostAsync($"v1/conversations/{id}/messages", SharedGateway.Json(body)))
        {
            var message = await ErrorAssert.IsAnthropicErrorAsync(bad, HttpStatusCode.BadRequest, "invalid_request_error");
            Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(before, await shared.SnapshotAsync(id));
        using var next = await shared.Gateway.SendAsync(id, "What was the number?");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var messages = ConversationGateway.Messages(await shared.Gateway.GetAsync(id));
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.Role));
        Assert.Equal("Remember the number 4711.", messages[0].Text);
    }

    [Fact]
    public async Task Turn_InvalidUtf8_400AndNothingStored()
    {
        var id = await shared.Gateway.CreateAsync();
        var before = await shared.SnapshotAsync(id);
        byte[] body = [.. "{\"content\":\"caf"u8, 0xC3, 0x28, .. "\"}"u8];

        using var response = await shared.Client.PostAsync($"v1/conversations/{id}/messages", SharedGateway.Bytes(body));

        var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
        Assert.Equal(before, await shared.SnapshotAsync(id));
    }

    [Fact]
    public async Task Turn_StaleOrFutureExpectedVersion_409AndNothingAppended()
    {
        var id = await shared.Gateway.CreateAsync();
        using (var first = await shared.Gateway.SendAsync(id, "One."))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var before = await shared.SnapshotAsync(id);
        foreach (var version in new long[] { 1, 2, 999, long.MaxValue })
        {
            using var response = await shared.Gateway.SendAsync(id, "Two.", expectedVersion: version);
            var message = await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.Conflict, "invalid_request_error");
            Assert.Contains($"is at version {before.Version}", message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await shared.SnapshotAsync(id));
    }

    [Fact]
    public async Task Turn_ToolResultAnsweringTheLastToolUse_Accepted()
    {
        var id = await shared.Gateway.CreateAsync();
        var ask = "{\"content\":\"Weather in Oslo? [[sim:tool=get_weather]]\",\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]}";
        using (var first = await shared.Client.PostAsync($"v1/conversations/{id}/messages", SharedGateway.Json(ask)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var conversation = await shared.Gateway.GetAsync(id);
        var toolUse = conversation["messages"]![1]!["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        var toolUseId = toolUse["id"]!.GetValue<string>();

        var answer = $"{{\"content\":[{{\"type\":\"tool_result\",\"tool_use_id\":\"{toolUseId}\",\"content\":\"12 C, rain\"}}]}}";
        using var response = await shared.Client.PostAsync($"v1/conversations/{id}/messages", SharedGateway.Json(answer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TurnsAndDeletes_Concurrent_NoConversationLeftListedButUnreadable()
    {
        for (var round = 0; round < 15; round++)
        {
            var id = await shared.Gateway.CreateAsync();
            var turns = Enumerable.Range(0, 3).Select(i => shared.Gateway.SendAsync(id, $"Turn {i}")).ToList();
            var delete = shared.Client.DeleteAsync($"v1/conversations/{id}");
            var documents = shared.Client.PostAsync($"v1/conversations/{id}/documents?filename=n{round}.txt", SharedGateway.Bytes(Encoding.UTF8.GetBytes($"note {round}"), "text/plain"));
            foreach (var response in await Task.WhenAll([.. turns, delete, documents]))
            {
                using (response)
                {
                    Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict });
                }
            }

            using var get = await shared.Client.GetAsync($"v1/conversations/{id}");
            using var list = await shared.Client.GetAsync("v1/conversations?limit=100");
            var listed = (await list.Content.ReadAsStringAsync()).Contains(id, StringComparison.Ordinal);
            Assert.True(get.StatusCode == HttpStatusCode.OK || !listed, $"round {round}: listed but GET {(int)get.StatusCode}");
            if (get.StatusCode == HttpStatusCode.OK)
            {
                using var cleanup = await shared.Client.DeleteAsync($"v1/conversations/{id}");
                Assert.Equal(HttpStatusCode.OK, cleanup.StatusCode);
            }
        }
    }

    [Fact]
    public async Task BadInput_WithSecretsInBodyAndKey_LogsAndErrorsHoldNeither()
    {
        const string clientKey = "sg-badinput-client-key-0042";
        const string secret = "sk-ant-api03-DO-NOT-LOG-ME";
        var logs = new CapturingLoggerProvider();
        await using var gateway = await ConversationGateway.StartAsync(
            o =>
            {
                o.ListenAddress = "127.0.0.1";
                o.ClientKeys.Add(new ClientKeyOptions { Key = clientKey, Tenant = "t" });
            },
            services => services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        gateway.Client.DefaultRequestHeaders.Add("x-api-key", clientKey);
        var id = await gateway.CreateAsync();
        var bodies = new[]
        {
            $"{{\"content\":[{{\"type\":\"text\",\"text\":5,\"note\":\"{secret}\"}}]}}",
            $"{{\"content\":\"{secret}\",\"{secret}\":1,\"{secret}\":2}}",
            $"{{\"content\":\"{secret} \\ud800\"}}",
            $"{{\"content\":[{{\"type\":\"tool_result\",\"tool_use_id\":\"{secret}\"}}]}}",
        };
        var messages = new List<string>();
        foreach (var body in bodies)
        {
            using var response = await gateway.Client.PostAsync($"v1/conversations/{id}/messages", SharedGateway.Json(body));
            messages.Add(await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error"));
        }

        using var document = await gateway.Client.PostAsync($"v1/conversations/{id}/documents?filename=x.pdf", SharedGateway.Bytes(Encoding.UTF8.GetBytes("%PDF-1.4 " + secret), "application/pdf"));
        await ErrorAssert.IsAnthropicErrorAsync(document, HttpStatusCode.BadRequest, "invalid_request_error");

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(clientKey, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(clientKey, StringComparison.Ordinal) || m.Contains("   at ", StringComparison.Ordinal));
    }
}
