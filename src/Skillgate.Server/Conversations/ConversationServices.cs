using System.Text;
using Microsoft.Extensions.Logging;
using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Redis;
using Skillgate.Server.Auth;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Storage;
using Skillgate.Tokens;
using StackExchange.Redis;

namespace Skillgate.Server.Conversations;

/// <summary>
/// The stores, estimator and memory behind <c>/v1/conversations</c>, opened on first use (a gateway that never
/// serves a conversation creates no database file and opens no Redis connection). The estimator is the gateway's
/// shared one, so the budgets of views and the scheduler's admissions learn from the same answers.
/// </summary>
internal sealed partial class ConversationServices(GatewayOptions options, IUpstreamForwarder forwarder, ITokenEstimator estimator, TimeProvider time, ILogger<ConversationServices> logger) : IAsyncDisposable
{
    public const string RedisPrefix = "redis:";
    public const string SqlitePrefix = "sqlite:";

    /// <summary>The most bytes of a summary call's answer read into memory.</summary>
    internal const int MaxSummaryAnswerBytes = 4 * 1024 * 1024;
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

    /// <summary>The summary call, through the same forwarder as the turns (the shared key pool).</summary>
    private async Task<string> SendSummaryAsync(string body, CancellationToken cancellationToken)
    {
        var call = new UpstreamCall(HttpMethod.Post, "/v1/messages", Encoding.UTF8.GetBytes(body), [new("anthropic-version", "2023-06-01")], Tenant.Anonymous)
        {
            Model = Options.SummaryModel,
        };
        using var response = await forwarder.SendAsync(call, cancellationToken);
        // A summary is a few KB; an upstream must not make us buffer more than this (the compaction then fails and retries later).
        await response.Message.Content.LoadIntoBufferAsync(MaxSummaryAnswerBytes, cancellationToken);
        var text = await response.Message.Content.ReadAsStringAsync(cancellationToken);
        return response.Message.IsSuccessStatusCode
            ? text
            : throw new InvalidOperationException($"The summary call answered {(int)response.Message.StatusCode}.");
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Conversation store opened: {Kind} {Location}")]
    private static partial void LogOpened(ILogger logger, string kind, string location);

    /// <summary>The opened stores.</summary>
    internal sealed record Opened(IConversationStore Store, IDocumentStore Documents, ITokenEstimator Estimator, ConversationMemory Memory, ConnectionMultiplexer? Redis);
}
