using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Skillgate.Redaction;

namespace Skillgate.AI;

/// <summary>
/// The redaction layer: replaces sensitive values in the outgoing messages (text, reasoning, function call
/// arguments and results, instructions) by placeholders and, in <see cref="RedactionMode.Pseudonymize"/>, puts the
/// real values back into the answer, also when a placeholder is split across streamed updates. Fails closed: if
/// redaction fails the call throws <see cref="RedactionFailedException"/> and nothing is sent.
/// </summary>
internal sealed class RedactingChatClient : DelegatingChatClient
{
    private readonly Pseudonymizer _pseudonymizer;

    public RedactingChatClient(IChatClient innerClient, Pseudonymizer pseudonymizer)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        _pseudonymizer = pseudonymizer;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var mode = ChatAdmission.RedactionModeFor(options) ?? _pseudonymizer.DefaultMode;
        if (mode == RedactionMode.Off)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        var (vault, redacted, redactedOptions) = await RedactAsync(messages, options, mode, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(redacted, redactedOptions, cancellationToken).ConfigureAwait(false);
        if (mode == RedactionMode.Pseudonymize)
        {
            ChatContentRedactor.Restore(response, text => _pseudonymizer.Restore(text, vault));
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var mode = ChatAdmission.RedactionModeFor(options) ?? _pseudonymizer.DefaultMode;
        if (mode == RedactionMode.Off)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var (vault, redacted, redactedOptions) = await RedactAsync(messages, options, mode, cancellationToken).ConfigureAwait(false);
        var restorer = mode == RedactionMode.Pseudonymize ? new ChatStreamRestorer(_pseudonymizer, vault) : null;
        ChatResponseUpdate? last = null;
        await foreach (var update in base.GetStreamingResponseAsync(redacted, redactedOptions, cancellationToken).ConfigureAwait(false))
        {
            last = update;
            if (restorer is null || restorer.Process(update))
            {
                yield return update;
            }
        }

        if (restorer?.Flush(last) is { } tail)
        {
            yield return tail;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(Pseudonymizer) ? _pseudonymizer : base.GetService(serviceType, serviceKey);
    }

    private async Task<(PseudonymVault Vault, List<ChatMessage> Messages, ChatOptions? Options)> RedactAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, RedactionMode mode, CancellationToken cancellationToken)
    {
        var conversation = options?.ConversationId;
        PseudonymVault vault;
        List<ChatMessage> redacted;
        ChatOptions? redactedOptions;
        try
        {
            vault = conversation is null
                ? _pseudonymizer.CreateVault("chat-" + Guid.NewGuid().ToString("N"))
                : await _pseudonymizer.GetVaultAsync(conversation, cancellationToken).ConfigureAwait(false);
            (redacted, redactedOptions) = ChatContentRedactor.Redact(messages, options, text => _pseudonymizer.Redact(text, vault, mode));
            if (conversation is not null && mode == RedactionMode.Pseudonymize)
            {
                await _pseudonymizer.SaveVaultAsync(vault, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failed = ChatContentRedactor.Failed(ex);
            _pseudonymizer.Metrics?.Refused(failed.Reason, mode);
            throw failed;
        }

        return (vault, redacted, redactedOptions);
    }
}
