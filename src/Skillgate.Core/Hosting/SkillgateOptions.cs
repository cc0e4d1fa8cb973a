using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>Options of the in-process Skillgate pipeline (configuration section <c>Skillgate</c>).</summary>
public sealed class SkillgateOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Skillgate";

    /// <summary>The upstreams; the first is the default one. At least one.</summary>
    public IList<UpstreamOptions> Upstreams { get; } = [];

    /// <summary>The model used when a chat call names none. Default <c>claude-sonnet-4-5</c>.</summary>
    public string DefaultModel { get; set; } = "claude-sonnet-4-5";

    /// <summary>The <c>max_tokens</c> used when a chat call sets no <c>MaxOutputTokens</c>. Default 4096.</summary>
    public int DefaultMaxTokens { get; set; } = 4096;
}
