using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Documents;
using Skillgate.Tokens;

namespace Skillgate.Context;

/// <summary>
/// Conversations that keep their history: turns are appended to the durable log, and each request is a view built
/// from it within the token budget, compacting old turns into the ledger and summary (transactionally) and pinning
/// or retrieving attached documents.
/// </summary>
public sealed partial class ConversationMemory
{
    /// <summary>Conversations whose round count is remembered between turns (a few hundred bytes each).</summary>
    private const int RoundCheckpoints = 4_096;

    private readonly IConversationStore _store;
    private readonly ITokenEstimator _estimator;
    private readonly IConversationSummarizer _summarizer;
    private readonly IDocumentStore? _documents;
    private readonly ConversationMemoryOptions _options;
    private readonly ContextBuilder _builder;
    private readonly ConcurrentDictionary<string, (List<DocumentChunk> Chunks, Bm25Index Index)> _chunks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Hash, string Model), int> _documentTokens = new();
    private readonly LogRoundCounter _logRounds = new(RoundCheckpoints);

    /// <summary>Creates the memory.</summary>
    /// <param name="store">The conversation log.</param>
    /// <param name="estimator">The calibrated estimator (the scheduler's).</param>
    /// <param name="summarizer">Compacts old turns.</param>
    /// <param name="documents">Where attached documents are, or <see langword="null"/> for none.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    public ConversationMemory(IConversationStore store, ITokenEstimator estimator, IConversationSummarizer summarizer, IDocumentStore? documents = null, ConversationMemoryOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));
        _summarizer = summarizer ?? throw new ArgumentNullException(nameof(summarizer));
        _documents = documents;
        _options = options ?? new ConversationMemoryOptions();
        _builder = new ContextBuilder(estimator);
    }

    /// <summary>The last compaction failure (the history was left as it was), if any.</summary>
    public Exception? LastCompactionError { get; private set; }

    /// <summary>Appends a message (<c>{"role":"user"|"assistant","content":...}</c>) at the given or current version.</summary>
    /// <param name="conversationId">The conversation (created by its first append).</param>
    /// <param name="messageJson">The message.</param>
    /// <param name="expectedVersion">The version the caller read, or <see langword="null"/> for the current one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentException">The message is not JSON or has no valid role and content.</exception>
    /// <exception cref="InvalidMessageException">
    /// A content block the view builder could not read or the API refuses (a field of the wrong type, a block of the
    /// other role, a tool_result answering no tool_use of the last assistant turn); the message names block and field.
    /// Nothing is stored.
    /// </exception>
    /// <exception cref="ConversationConcurrencyException">Another writer appended first.</exception>
    public async Task<long> AppendMessageAsync(string conversationId, string messageJson, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var message = ParseMessage(messageJson);
        var answered = MessageRules.Validate(message["content"], message["role"]!.GetValue<string>(), requireContent: false);
        if (answered.Count > 0)
        {
            MessageRules.CheckAnswers(answered, await _store.ReadAsync(conversationId, 0, cancellationToken).ConfigureAwait(false));
        }

        var version = expectedVersion ?? await _store.GetVersionAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await _store.AppendAsync(conversationId, version, [new ConversationRecord(ConversationEntryKind.Message, message.ToJsonString())], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attaches a stored document to a conversation; it is pinned whole when it fits, else retrieved from.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="document">The stored document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version.</returns>
    public async Task<long> AttachDocumentAsync(string conversationId, StoredDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = new JsonObject { ["hash"] = document.Hash, ["name"] = document.Name, ["pinned"] = true }.ToJsonString();
        var version = await _store.GetVersionAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return await _store.AppendAsync(conversationId, version, [new ConversationRecord(ConversationEntryKind.Document, json)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds the request to send for the conversation's current turn: compacts old turns first when they take too
    /// much room (a failed summary leaves the log unchanged), then fits the view into the budget.
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="requestTemplateJson">The request's other fields: model, max_tokens, system, tools, thinking...</param>
    /// <param name="budget">The model's window and the request's max_tokens.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ContextOverflowException">Even the latest turn alone does not fit.</exception>
    public async Task<ContextView> BuildViewAsync(string conversationId, string requestTemplateJson, ContextBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var template = JsonNode.Parse(requestTemplateJson) as JsonObject
            ?? throw new ArgumentException("The request template must be a JSON object.", nameof(requestTemplateJson));
        var model = template["model"]?.GetValue<string>() ?? string.Empty;
        for (var attempt = 0; ; attempt++)
        {
            var entries = await _store.ReadAsync(conversationId, 0, cancellationToken).ConfigureAwait(false);
            var state = ConversationState.Fold(entries);
            var messages = state.Messages.Select(m => JsonNode.Parse(m.Json) as JsonObject ?? new JsonObject()).ToList();
            // Every round of the log minus the rounds of what remains, both cut as views cut them, so that
            // included + omitted is every round of the log; the log's rounds are counted incrementally.
            var logRounds = _logRounds.Count(conversationId, entries);
            var compactedRounds = state.CompactedThrough == 0 ? 0
                : Math.Max(0, logRounds - ContextBuilder.SplitRounds(MessageNormalizer.Normalize(messages)).Count);
            var query = LastUserText(state);
            var (pinned, retrieved, native) = await DocumentsForTurnAsync(state, model, query, budget.InputBudget, cancellationToken).ConfigureAwait(false);
            var facts = FactsForTurn(state.Facts, model, query, budget.InputBudget);
            var input = new ContextInput(template, pinned, facts, state.Summary, messages, retrieved, native, compactedRounds);
            var compacted = attempt < 3 && await TryCompactAsync(conversationId, state, input, budget, model, cancellationToken).ConfigureAwait(false);
            if (!compacted)
            {
                return _builder.Build(input, budget);
            }
        }
    }

    private static JsonObject ParseMessage(string messageJson)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(messageJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The message is not valid JSON.", nameof(messageJson), e);
        }

        if (node is not JsonObject message || message["role"]?.GetValueKind() != JsonValueKind.String
            || message["role"]!.GetValue<string>() is not ("user" or "assistant")
            || message["content"]?.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Array))
        {
            throw new ArgumentException("A message needs a role of 'user' or 'assistant' and a string or array content.", nameof(messageJson));
        }

        return message;
    }

    private static string LastUserText(ConversationState state)
    {
        for (var i = state.Messages.Count - 1; i >= 0; i--)
        {
            var (role, text) = MessageText.Read(state.Messages[i].Json);
            if (role == "user" && text.Length > 0)
            {
                return text;
            }
        }

        return string.Empty;
    }

    private async Task<(List<PinnedDocument> Pinned, string? Retrieved, List<JsonObject> Native)> DocumentsForTurnAsync(
        ConversationState state, string model, string query, int inputBudget, CancellationToken cancellationToken)
    {
        var pinned = new List<PinnedDocument>();
        var native = new List<JsonObject>();
        if (_documents is null || state.Documents.Count == 0)
        {
            return (pinned, null, native);
        }

        var pinRoom = (int)(inputBudget * _options.PinShare);
        var large = new List<StoredDocument>();
        foreach (var (hash, _, _) in state.Documents.DistinctBy(d => d.Hash))
        {
            if (await _documents.GetAsync(hash, cancellationToken).ConfigureAwait(false) is not { } document)
            {
                continue;
            }

            if (await NativePdfAsync(document, pinRoom, cancellationToken).ConfigureAwait(false) is { } block)
            {
                native.Add(block.Block);
                pinRoom -= block.Tokens;
                continue;
            }

            // Counted once per model: the pin decision does not need the latest calibration.
            var tokens = _documentTokens.GetOrAdd((hash, model), key => _estimator.EstimateText(key.Model, document.Text).Tokens);
            if (tokens <= pinRoom)
            {
                pinned.Add(new PinnedDocument(document.Name, document.Hash, document.Text));
                pinRoom -= tokens;
            }
            else
            {
                large.Add(document);
            }
        }

        if (large.Count == 0)
        {
            return (pinned, null, native);
        }

        var each = (int)(inputBudget * _options.RetrievalShare) / large.Count;
        var sb = new StringBuilder();
        foreach (var document in large)
        {
            var (chunks, index) = _chunks.GetOrAdd(document.Hash, _ =>
            {
                var chunks = DocumentChunker.Chunk(document.Text, _options.ChunkTokens, t => _estimator.EstimateText(model, t).Tokens);
                return (chunks, new Bm25Index(chunks.Select(c => c.Text)));
            });
            sb.Append(DocumentRetriever.Retrieve(document, chunks, index, query, each));
        }

        return (pinned, sb.ToString(), native);
    }

    private async Task<(JsonObject Block, int Tokens)?> NativePdfAsync(StoredDocument document, int pinRoom, CancellationToken cancellationToken)
    {
        if (_options.NativePdfMaxPages <= 0 || document.MediaType != DocumentConverter.Pdf
            || CountPages(document.Text) > _options.NativePdfMaxPages
            || await _documents!.GetContentAsync(document.Hash, cancellationToken).ConfigureAwait(false) is not { } content
            || content.Length > _options.NativePdfMaxBytes)
        {
            return null;
        }

        var block = new JsonObject
        {
            ["type"] = "document",
            ["source"] = new JsonObject { ["type"] = "base64", ["media_type"] = DocumentConverter.Pdf, ["data"] = Convert.ToBase64String(content) },
            ["title"] = document.Name,
        };
        var request = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(block.DeepClone()) }) };
        var tokens = _estimator.EstimateRequest(JsonSerializer.SerializeToUtf8Bytes(request)).Tokens;
        return tokens <= pinRoom ? (block, tokens) : null;
    }

    private static int CountPages(string text)
    {
        var pages = 0;
        for (var at = text.IndexOf("## Page ", StringComparison.Ordinal); at >= 0; at = text.IndexOf("## Page ", at + 8, StringComparison.Ordinal))
        {
            pages++;
        }

        return pages;
    }
}
