using System.Diagnostics.Metrics;
using Skillgate.Redaction.Pseudonymization;

namespace Skillgate.Redaction;

/// <summary>
/// Replaces sensitive values by placeholders (<c>⟦EMAIL_1a2b3c⟧</c>, six hex digits of an HMAC-SHA256 keyed with
/// <see cref="RedactionOptions.Key"/> over conversation, type and value) and restores them. Thread-safe; share one.
/// </summary>
public sealed class Pseudonymizer
{
    private readonly RedactionKeys _keys;
    private readonly IPseudonymVaultStore _store;

    /// <summary>Creates a pseudonymizer with its own recognizer and an in-memory vault store.</summary>
    public Pseudonymizer(RedactionOptions options)
        : this(options, meterFactory: null)
    {
    }

    /// <summary>
    /// Creates a pseudonymizer with its own recognizer and an in-memory vault store, recording the
    /// <c>skillgate.redaction.*</c> instruments on a meter from <paramref name="meterFactory"/> (none when null).
    /// </summary>
    public Pseudonymizer(RedactionOptions options, IMeterFactory? meterFactory)
        : this(options, new EntityRecognizer(options ?? throw new ArgumentNullException(nameof(options))), store: null, meterFactory)
    {
    }

    /// <summary>
    /// Creates a pseudonymizer over <paramref name="recognizer"/>, keeping sealed vaults in <paramref name="store"/>
    /// (default: in memory) and recording metrics on a meter from <paramref name="meterFactory"/> (none when null).
    /// </summary>
    public Pseudonymizer(RedactionOptions options, EntityRecognizer recognizer, IPseudonymVaultStore? store = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recognizer);
        _keys = RedactionKeys.From(options);
        Recognizer = recognizer;
        DefaultMode = options.Mode;
        if (options.MaxVaultsInMemory < 1)
        {
            throw new ArgumentException($"{RedactionOptions.SectionName}:MaxVaultsInMemory must be at least 1.", nameof(options));
        }

        _store = store ?? new InMemoryVaultStore(options.MaxVaultsInMemory);
        Metrics = meterFactory is null ? null : new RedactionMetrics(meterFactory);
    }

    internal RedactionMetrics? Metrics { get; }

    /// <summary>The recognizer used to find values.</summary>
    public EntityRecognizer Recognizer { get; }

    /// <summary>The mode used when a call does not name one (<see cref="RedactionOptions.Mode"/>).</summary>
    public RedactionMode DefaultMode { get; }

    /// <summary>Creates an empty vault for <paramref name="conversationId"/>.</summary>
    public PseudonymVault CreateVault(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return new PseudonymVault(conversationId, _keys);
    }

    /// <summary>Decrypts a vault made by <see cref="PseudonymVault.Seal"/>; throws <see cref="RedactionFailedException"/> if it does not authenticate.</summary>
    public PseudonymVault OpenVault(string conversationId, ReadOnlySpan<byte> sealedVault)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return PseudonymVault.Open(conversationId, sealedVault, _keys);
    }

    /// <summary>Loads the conversation's vault from the store, or creates an empty one.</summary>
    public async ValueTask<PseudonymVault> GetVaultAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var sealedVault = await _store.LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        try
        {
            return sealedVault is null ? CreateVault(conversationId) : OpenVault(conversationId, sealedVault);
        }
        catch (RedactionFailedException ex) when (ex.Reason == RedactionFailureReasons.Vault)
        {
            // A vault that does not open (wrong key, tampered store) refuses a pseudonymized call; counted here, once.
            Metrics?.Refused(ex.Reason, RedactionMode.Pseudonymize);
            throw;
        }
    }

    /// <summary>
    /// The vault id of a Messages request's conversation when the caller names none: <c>auto-</c> and 32 hex digits of
    /// HMAC-SHA256 (keyed with a key derived from <see cref="RedactionOptions.Key"/>) over the raw JSON of its
    /// <c>system</c> and first <c>messages</c> entry, as sent. Callers resend the history every turn, so every turn
    /// finds the same vault; keyed, so the id (a store key) says nothing about the text. <see langword="null"/> when the
    /// body has no first message. Conversations that start with the same bytes share the id: scope it (by tenant).
    /// </summary>
    public string? ConversationIdOf(ReadOnlySpan<byte> body)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA256, _keys.HmacKey);
        if (!ConversationKeys.TryAppendStart(body, hash))
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return "auto-" + Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>Seals the vault and saves it in the store.</summary>
    public ValueTask SaveVaultAsync(PseudonymVault vault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vault);
        return _store.SaveAsync(vault.ConversationId, vault.Seal(), cancellationToken);
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every entity replaced by its placeholder. In
    /// <see cref="RedactionMode.Pseudonymize"/> the placeholders are added to <paramref name="vault"/>; in
    /// <see cref="RedactionMode.Redact"/> they are one-way and the vault is not changed. Throws
    /// <see cref="RedactionFailedException"/> on any failure.
    /// </summary>
    public string Redact(string text, PseudonymVault vault, RedactionMode? mode = null)
        => Redact(text, vault, mode, tally: null);

    /// <summary>As <see cref="Redact(string, PseudonymVault, RedactionMode?)"/>; entities are counted in <paramref name="tally"/>
    /// (the caller records them) or, without one, recorded on the metrics at once.</summary>
    internal string Redact(string text, PseudonymVault vault, RedactionMode? mode, EntityTally? tally)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vault);
        var effective = mode ?? DefaultMode;
        if (effective == RedactionMode.Off || text.Length == 0)
        {
            return text;
        }

        var entities = Recognizer.Recognize(text);
        if (entities.Count == 0)
        {
            return text;
        }

        foreach (var entity in entities)
        {
            if (tally is not null)
            {
                tally.Add(entity.Type);
            }
            else
            {
                Metrics?.Entities(entity.Type, effective, 1);
            }
        }

        var placeholders = new string[entities.Count];
        var length = text.Length;
        for (var i = 0; i < entities.Count; i++)
        {
            var e = entities[i];
            placeholders[i] = effective == RedactionMode.Pseudonymize
                ? vault.GetOrAdd(e.Type, e.Text)
                : Placeholder.Create(e.Type, _keys.Hash(vault.ConversationId, e.Type, e.Text, 0));
            length += placeholders[i].Length - e.Length;
        }

        return string.Create(length, (text, entities, placeholders), static (span, state) =>
        {
            var (source, found, replacements) = state;
            var last = 0;
            var w = 0;
            for (var i = 0; i < found.Count; i++)
            {
                source.AsSpan(last, found[i].Start - last).CopyTo(span[w..]);
                w += found[i].Start - last;
                replacements[i].CopyTo(span[w..]);
                w += replacements[i].Length;
                last = found[i].End;
            }

            source.AsSpan(last).CopyTo(span[w..]);
        });
    }

    /// <summary>Replaces every placeholder of <paramref name="vault"/> in <paramref name="text"/> by its value.</summary>
    public string Restore(string text, PseudonymVault vault)
    {
        ArgumentNullException.ThrowIfNull(text);
        var restorer = CreateRestorer(vault);
        return string.Concat(restorer.Push(text), restorer.Flush());
    }

    /// <summary>
    /// Creates a restorer for one streamed content block. With <paramref name="json"/> the fragments are JSON text
    /// (<c>partial_json</c>): escaped brackets are recognized and restored values are JSON-escaped.
    /// </summary>
    public StreamingRestorer CreateRestorer(PseudonymVault vault, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(vault);
        return new StreamingRestorer(vault, json, Metrics);
    }

    /// <summary>Creates a restorer for one streamed Messages response (SSE events in, SSE events out).</summary>
    public MessageStreamRestorer CreateMessageStreamRestorer(PseudonymVault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        return new MessageStreamRestorer(this, vault);
    }
}
