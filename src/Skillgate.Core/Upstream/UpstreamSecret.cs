namespace Skillgate.Upstream;

/// <summary>An API key. <see cref="ToString"/> is redacted so that the key cannot reach a log, an error or a metric by accident.</summary>
public sealed class UpstreamSecret
{
    private readonly string _value;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public UpstreamSecret(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The key itself, for the one place that writes the request header.</summary>
    internal string Expose() => _value;

    /// <summary>Always <c>[redacted]</c>.</summary>
    public override string ToString() => "[redacted]";
}
