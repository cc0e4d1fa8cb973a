namespace Skillgate.Redaction;

/// <summary>A redacted Message Batches body and, when pseudonymizing, the vault of each request by its <c>custom_id</c>.</summary>
public sealed class RedactedBatch
{
    internal RedactedBatch(byte[] body, IReadOnlyList<KeyValuePair<string, PseudonymVault>> vaults)
    {
        Body = body;
        Vaults = vaults;
    }

    /// <summary>The body to send upstream.</summary>
    public byte[] Body { get; }

    /// <summary>Each request's vault by <c>custom_id</c>; empty when nothing is to be restored.</summary>
    public IReadOnlyList<KeyValuePair<string, PseudonymVault>> Vaults { get; }
}
