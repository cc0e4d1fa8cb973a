using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Skillgate.Upstream;

namespace Skillgate.AI;

/// <summary>
/// A <see cref="IChatClient"/> over the Skillgate transport: builds a Messages API request, sends it through
/// <see cref="IUpstreamClient"/> (retries, timeouts, key rotation, circuit breaking) and maps the answer back.
/// </summary>
internal sealed class SkillgateChatClient : IChatClient
{
    private readonly IUpstreamClient _upstream;
    private readonly string _defaultModel;
    private readonly int _defaultMaxTokens;
    private readonly ChatClientMetadata _metadata;

    public SkillgateChatClient(IUpstreamClient upstream, string defaultModel, int defaultMaxTokens, Uri? baseAddress)
    {
        _upstream = upstream;
        _defaultModel = defaultModel;
        _defaultMaxTokens = defaultMaxTokens;
        _metadata = new ChatClientMetadata("anthropic", baseAddress, defaultModel);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(messages, options, stream: false);
        var response = await _upstream.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return AnthropicResponseReader.Read(response.Body);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(messages, options, stream: true);
        var stream = await _upstream.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var parser = new AnthropicStreamParser();
            var updates = new List<ChatResponseUpdate>();
            await foreach (var run in stream.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                parser.Parse(run.Span, updates);
                foreach (var update in updates)
                {
                    yield return update;
                }

                updates.Clear();
            }

            if (parser.Error is { } error)
            {
                throw new UpstreamException(stream.Error ?? UpstreamErrorKind.StreamError, Protocol.AnthropicErrorTypes.ToStatusCode(error.Type), error.Type, error.Message);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(_upstream))
        {
            return _upstream;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The transport belongs to the container.
    }

    private UpstreamRequest CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var model = options?.ModelId ?? _defaultModel;
        var maxTokens = options?.MaxOutputTokens ?? _defaultMaxTokens;
        var body = AnthropicRequestWriter.Write(list, options, model, maxTokens, stream);
        return new UpstreamRequest(body, stream)
        {
            Model = model,
            MaxTokens = maxTokens,
            EstimatedInputTokens = body.Length / 4,
        };
    }
}
