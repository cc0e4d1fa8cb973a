using System.Text;
using Microsoft.Extensions.Logging;
using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Redis;
using Skillgate.Server.Auth;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Messages;
using Skillgate.Protocol;
using Skillgate.Storage;
using Skillgate.Upstream;
using Skillgate.Tokens;
using StackExchange.Redis;

namespace Skillgate.Server.Conversations;

/// <summary>
/// The stores, estimator and memory behind <c>/v1/conversations</c>, opened on first use (a gateway that never
/// serves a conversation creates no database file and opens no Redis connection). The estimator is the gateway's
/// shared one, so the budgets of views and the scheduler's admissions learn from the same answers.
/// </summary>
internal sealed partial class ConversationServices(GatewayOptions options, MessageExecutor executor, ITokenEstimator estimator, TimeProvider time, ILogger<ConversationServices> logger) : IAsyncDisposable
{
    public const string RedisPrefix = "redis:";
    public const string SqlitePrefix = "sqlite:";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Opened? _opened;

    public GatewayConversationOptions Options => options.Conversations;

    /// <summary>Per conversation, whether a turn or attachment is in progress in this process.</summary>
    public ConversationLocks Locks { get; } = new();

    public async ValueTask<Opened> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _opened) is { } opened)
        {
            return opened;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _opened ??= await OpenAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_opened?.Redis is { } redis)
        {
            await redis.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task<Opened> OpenAsync()
    {
        var store = Options.Store;
        IConversationStore conversations;
        IDocumentStore documents;
        ConnectionMultiplexer? redis = null;
        if (store.StartsWith(RedisPrefix, StringComparison.OrdinalIgnoreCase))
        {
            redis = await ConnectionMultiplexer.ConnectAsync(store[RedisPrefix.Length..]);
            conversations = RedisStores.CreateConversationStore(redis, timeProvider: time);
            documents = RedisStores.CreateDocumentStore(redis, estimator);
            LogOpened(logger, "redis", redis.GetEndPoints().FirstOrDefault()?.ToString() ?? "");
        }
        else
        {
            var path = store.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase) ? store[SqlitePrefix.Length..] : store;
            var sqlite = new SqliteStoreOptions { Path = path };
            conversations = ConversationStores.CreateSqlite(sqlite, time);
            documents = DocumentStores.CreateSqlite(sqlite, estimator, time);
            LogOpened(logger, "sqlite", Path.GetFullPath(path));
        }

        conversations = ConversationStores.WithCache(conversations, Options.CacheBytes);
        var summarizer = Options.SummaryModel is { Length: > 0 } model
            ? ConversationSummarizers.Claude(SendSummaryAsync, model)
            : ConversationSummarizers.Extractive();
        var memory = new ConversationMemory(conversations, estimator, summarizer, documents, new ConversationMemoryOptions { NativePdfMaxPages = Options.NativePdfMaxPages });
        return new Opened(conversations, documents, estimator, memory, redis);
    }

    /// <summary>The summary call, on the same path as the turns (the shared key pool).</summary>
    private async Task<string> SendSummaryAsync(string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var call = new MessageRequest
        {
            Tenant = Tenant.Anonymous,
            Body = bytes,
            Info = MessageRequestParser.TryParse(bytes, requireMaxTokens: false, out var info, out _) ? info : null,
            Model = Options.SummaryModel,
            MaxTokens = info?.MaxTokens is { } max ? (int)Math.Clamp(max, 0, int.MaxValue) : 0,
            Headers = [new("anthropic-version", "2023-06-01")],
        };
        try
        {
            var answer = await executor.SendAsync(call, cancellationToken);
            return Encoding.UTF8.GetString(answer.Body.Span);
        }
        catch (UpstreamException ex)
        {
            throw new InvalidOperationException($"The summary call answered {UpstreamFailure.StatusFor(ex)}.", ex);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Conversation store opened: {Kind} {Location}")]
    private static partial void LogOpened(ILogger logger, string kind, string location);

    /// <summary>The opened stores.</summary>
    internal sealed record Opened(IConversationStore Store, IDocumentStore Documents, ITokenEstimator Estimator, ConversationMemory Memory, ConnectionMultiplexer? Redis);
}
