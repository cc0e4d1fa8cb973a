namespace Skillgate.Redaction;

/// <summary>Options of sensitive-data protection (configuration section <c>Skillgate:Redaction</c>).</summary>
public sealed class RedactionOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Skillgate:Redaction";

    /// <summary>The default mode for routes and skills that do not set one. Default <see cref="RedactionMode.Pseudonymize"/>.</summary>
    public RedactionMode Mode { get; set; } = RedactionMode.Pseudonymize;

    /// <summary>
    /// Base64 of at least 32 random bytes. Placeholders are derived from it with HMAC-SHA256 and vaults are sealed with
    /// AES-GCM under a key derived from it. Default <see langword="null"/>: a random key per process, so placeholders
    /// and sealed vaults do not survive a restart. Keep it in a secret store or environment variable.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Built-in entity types (see <see cref="EntityTypes"/>) that are not detected. Default empty (all detected).</summary>
    public IList<string> DisabledEntityTypes { get; } = [];

    /// <summary>Values never treated as sensitive, compared case-insensitively, e.g. a public support address. Default empty.</summary>
    public IList<string> AllowList { get; } = [];

    /// <summary>Additional recognizers. Default empty.</summary>
    public IList<CustomRecognizerOptions> CustomRecognizers { get; } = [];

    /// <summary>How long one custom pattern may run on one text before redaction fails closed. Default 1 second.</summary>
    public TimeSpan CustomPatternTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many conversations' sealed vaults the default in-memory store keeps; past it, the least recently saved
    /// tenth is dropped. A dropped vault is rebuilt on the next turn, because callers resend their history with the
    /// real values and placeholders are derived from the key, so they come out the same. Default 100,000.
    /// </summary>
    public int MaxVaultsInMemory { get; set; } = 100_000;
}
