namespace Skillgate.Redaction;

/// <summary>The values of <see cref="RedactionFailedException.Reason"/>, also the metric tag and log field.</summary>
internal static class RedactionFailureReasons
{
    public const string InvalidJson = "invalid_json";
    public const string TooDeep = "too_deep";
    public const string InvalidString = "invalid_string";
    public const string WrongType = "wrong_type";
    public const string InvalidRequest = "invalid_request";
    public const string Recognizer = "recognizer";
    public const string Timeout = "timeout";
    public const string Vault = "vault";
    public const string Internal = "internal";
}
