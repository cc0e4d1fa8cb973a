using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>Options of the in-process Skillgate pipeline (configuration section <c>Skillgate</c>).</summary>
public sealed class SkillgateOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Skillgate";

    /// <summary>
    /// The id of the <paramref name="index"/>-th key of an upstream that gives its key none: <c>key-0</c>, <c>key-1</c>, ...
    /// The library and the gateway name keys alike, so <c>KeyLimits</c> entries and the scheduler's metric labels
    /// (<c>UPSTREAM/key-N</c> in the gateway) mean the same key in both.
    /// </summary>
    /// <param name="index">The key's position in its upstream's <c>Keys</c>, from 0.</param>
    /// <returns>The key's id.</returns>
    public static string DefaultKeyId(int index) => "key-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The upstreams; the first is the default one. At least one.</summary>
    public IList<UpstreamOptions> Upstreams { get; } = [];

    /// <summary>The model used when a chat call names none. Default <c>claude-sonnet-4-5</c>.</summary>
    public string DefaultModel { get; set; } = "claude-sonnet-4-5";

    /// <summary>The <c>max_tokens</c> used when a chat call sets no <c>MaxOutputTokens</c>. Default 4096.</summary>
    public int DefaultMaxTokens { get; set; } = 4096;

    /// <summary>
    /// Whether calls are admitted through the request scheduler (rate-limit buckets per key, fair queue, deadlines)
    /// instead of plain round robin over the keys. Default <see langword="true"/>. A key without configured limits
    /// (no entry in <see cref="KeyLimits"/> and no <see cref="DefaultKeyLimits"/>) starts with unknown limits: one
    /// probe request at a time until the first answer's <c>anthropic-ratelimit-*</c> headers report them, then full
    /// speed (see <see cref="SchedulerKeyOptions.LimitsUnknown"/>). <see langword="false"/>: round robin, no admission.
    /// </summary>
    public bool EnableScheduler { get; set; } = true;

    /// <summary>
    /// The limits (RPM, ITPM, OTPM) of every key without an entry in <see cref="KeyLimits"/>.
    /// Default <see langword="null"/>: such keys learn their limits from the upstream's headers, and fall back to
    /// Anthropic's tier-1 limits (<see cref="RateLimitOptions"/> defaults) when an answer carries none.
    /// </summary>
    public RateLimitOptions? DefaultKeyLimits { get; set; }

    /// <summary>
    /// Limits per key, by the key's id (<see cref="UpstreamKeyOptions.Id"/>, or <c>key-N</c> for the N-th key of an
    /// upstream without an id). Keys are configured once, under <see cref="Upstreams"/>; this only adds their limits.
    /// </summary>
    public IDictionary<string, RateLimitOptions> KeyLimits { get; } = new Dictionary<string, RateLimitOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Scheduler settings (section <c>Skillgate:Scheduler</c>): key selection, queue length, default deadline,
    /// degradation ladder, fallback models, tenant weights. Leave its <see cref="SchedulerOptions.Upstreams"/> empty:
    /// they are built from <see cref="Upstreams"/>, <see cref="KeyLimits"/> and <see cref="DefaultKeyLimits"/>.
    /// </summary>
    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Telemetry settings (section <c>Skillgate:Telemetry</c>), e.g. the previous release's metric names.</summary>
    public Skillgate.Telemetry.TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>
    /// Sensitive-data protection for the registered chat client (section <c>Skillgate:Redaction</c>).
    /// Default mode <see cref="RedactionMode.Off"/> here (unlike the gateway); set <c>Pseudonymize</c> to replace
    /// values by placeholders before sending and restore them in the answer.
    /// </summary>
    public RedactionOptions Redaction { get; set; } = new() { Mode = RedactionMode.Off };

    /// <summary>Whether the scheduler is on, per <see cref="EnableScheduler"/>.</summary>
    internal bool SchedulerEnabled => EnableScheduler;
}
