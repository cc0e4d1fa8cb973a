namespace Skillgate.Redaction;

/// <summary>What happens to sensitive values found in an outbound request.</summary>
public enum RedactionMode
{
    /// <summary>Nothing is scanned or changed.</summary>
    Off = 0,

    /// <summary>Values are replaced by one-way placeholders; answers are not restored.</summary>
    Redact = 1,

    /// <summary>Values are replaced by stable placeholders kept in the conversation's vault and restored in the answer.</summary>
    Pseudonymize = 2,
}
