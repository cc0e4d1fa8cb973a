using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>What one chat uses: the store, documents, estimator, memory and upstream.</summary>
internal sealed record ChatSession(IConversationStore Store, IDocumentStore Documents, ITokenEstimator Estimator, ConversationMemory Memory, IUpstreamClient Client)
{
    public static ChatSession Create(ChatSettings settings, IUpstreamClient client, bool offline)
    {
        var sqlite = new SqliteStoreOptions { Path = settings.Database };
        var estimator = TokenEstimators.Create();
        var store = ConversationStores.WithCache(ConversationStores.CreateSqlite(sqlite));
        var documents = DocumentStores.CreateSqlite(sqlite, estimator);

        // The simulator's replies are placeholder text, not the JSON a summary needs: offline, summarize extractively.
        var summarizer = offline
            ? ConversationSummarizers.Extractive()
            : ConversationSummarizers.Claude(
                async (body, cancellationToken) =>
                {
                    var response = await client.SendAsync(new UpstreamRequest(System.Text.Encoding.UTF8.GetBytes(body), stream: false), cancellationToken);
                    return response.StatusCode == 200
                        ? System.Text.Encoding.UTF8.GetString(response.Body.Span)
                        : throw new InvalidOperationException($"The summary call answered {response.StatusCode}.");
                },
                "claude-haiku-4-5");
        var memory = new ConversationMemory(store, estimator, summarizer, documents);
        return new ChatSession(store, documents, estimator, memory, client);
    }
}
