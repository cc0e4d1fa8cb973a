using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.AI;

/// <summary>
/// A <see cref="IChatClient"/> over the Skillgate transport: builds a Messages API request, sends it through
/// <see cref="IUpstreamClient"/> (retries, timeouts, key rotation or the scheduler's admission, circuit breaking) and
/// maps the answer back. The input estimate for the scheduler's reservation comes from <see cref="ITokenEstimator"/>,
/// which learns from the usage of every answer; tenant, priority and deadline from <see cref="SkillgateChatOptions"/>.
/// </summary>
internal sealed class SkillgateChatClient : IChatClient
{
    private readonly IUpstreamClient _upstream;
    private readonly string _defaultModel;
    private readonly int _defaultMaxTokens;
    private readonly ChatClientMetadata _metadata;
    private readonly ITokenEstimator _estimator;
    private readonly TimeProvider _timeProvider;

    public SkillgateChatClient(
        IUpstreamClient upstream,
        string defaultModel,
        int defaultMaxTokens,
        Uri? baseAddress,
        ITokenEstimator? estimator = null,
        TimeProvider? timeProvider = null)
    {
        _upstream = upstream;
        _defaultModel = defaultModel;
        _defaultMaxTokens = defaultMaxTokens;
        _metadata = new ChatClientMetadata("anthropic", baseAddress, defaultModel);
        // Without a shared estimator the client still admits calibrated estimates and learns from its own answers.
        _estimator = estimator ?? TokenEstimators.Create();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (request, estimate) = CreateRequest(messages, options, stream: false);
        var response = await _upstream.SendAsync(request, cancellationToken).ConfigureAwait(false);

        Observe(estimate, response.Usage);
        return AnthropicResponseReader.Read(response.Body);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (request, estimate) = CreateRequest(messages, options, stream: true);
        var stream = await _upstream.StreamAsync(request, cancellationToken).ConfigureAwait(false);

        await using (stream.ConfigureAwait(false))
        {
            var parser = new AnthropicStreamParser();
            var updates = new List<ChatResponseUpdate>();
            await foreach (var run in stream.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    parser.Parse(run.Span, updates);
                }
                catch (InvalidDataException ex)
                {
                    throw new UpstreamException(UpstreamErrorKind.ProtocolViolation, 502, Protocol.AnthropicErrorTypes.Api, ex.Message, ex);
                }

                foreach (var update in updates)
                {
                    yield return update;
                }

                updates.Clear();
            }

            if (stream.Error is null)
            {
                Observe(estimate, stream.Usage);
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

    private (UpstreamRequest Request, TokenEstimate Estimate) CreateRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var facts = ChatAdmission.FactsFor(options, _timeProvider);
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var model = options?.ModelId ?? _defaultModel;
        var maxTokens = options?.MaxOutputTokens ?? _defaultMaxTokens;
        var body = AnthropicRequestWriter.Write(list, options, model, maxTokens, stream);
        var estimate = _estimator.EstimateRequest(body);
        var request = new UpstreamRequest(body, stream)
        {
            Model = model,
            MaxTokens = maxTokens,
            EstimatedInputTokens = estimate.Tokens,
            Tenant = facts.Tenant,
            Priority = facts.Priority,
            Deadline = facts.Deadline,
        };
        return (request, estimate);
    }

    private void Observe(TokenEstimate estimate, UpstreamUsage usage)
    {
        var reported = usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens;
        if (reported > 0)
        {
            _estimator.Observe(estimate, reported);
        }
    }
}
