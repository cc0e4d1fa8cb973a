namespace Skillgate.Upstream;

/// <summary>One API key of an upstream. Give the secret either directly (from configuration or an environment variable override) or by naming an environment variable.</summary>
public sealed class UpstreamKeyOptions
{
    /// <summary>A name for the key that may appear in logs and metrics (never the secret). Defaults to <c>key-N</c>.</summary>
    public string? Id { get; set; }

    /// <summary>The secret itself. Prefer <see cref="EnvironmentVariable"/> so that it stays out of files.</summary>
    public string? Value { get; set; }

    /// <summary>The name of an environment variable holding the secret, e.g. <c>ANTHROPIC_API_KEY</c>.</summary>
    public string? EnvironmentVariable { get; set; }

    /// <summary>Returns the id only; the secret is never part of the text.</summary>
    public override string ToString() => Id ?? "(key)";
}
