using Microsoft.Extensions.AI;

namespace Skillgate.AI;

/// <summary>
/// Keys of <see cref="ChatOptions.AdditionalProperties"/> that Skillgate's chat client reads per call. They are
/// never sent upstream. <see cref="ChatOptions.ConversationId"/> names the redaction vault (the same value gets the
/// same placeholder across the turns of a conversation); without it each call has its own vault.
/// </summary>
public static class SkillgateChatOptions
{
    /// <summary>The tenant for fair sharing in the scheduler (<see cref="string"/>). Default: the tenant <c>default</c>.</summary>
    public const string Tenant = "skillgate.tenant";

    /// <summary>
    /// The priority (<see cref="Upstream.RequestPriority"/>, or the text <c>interactive</c> / <c>batch</c>).
    /// Interactive calls are admitted before batch calls. Default interactive.
    /// </summary>
    public const string Priority = "skillgate.priority";

    /// <summary>
    /// The latest time the call may be admitted (<see cref="DateTimeOffset"/>). When the scheduler expects a longer
    /// wait the call fails at once with <see cref="Upstream.UpstreamException"/> (429 or 529/503 and
    /// <c>RetryAfter</c>), never late. Default: now plus <c>Skillgate:Scheduler:DefaultMaxQueueWait</c> (60 s).
    /// </summary>
    public const string Deadline = "skillgate.deadline";

    /// <summary>The longest the call may wait for admission (<see cref="TimeSpan"/>); a deadline relative to now.</summary>
    public const string MaxQueueWait = "skillgate.max_queue_wait";

    /// <summary>
    /// The redaction mode of this call (<see cref="Redaction.RedactionMode"/>, or the text <c>off</c>,
    /// <c>redact</c>, <c>pseudonymize</c>). Default <c>Skillgate:Redaction:Mode</c>.
    /// </summary>
    public const string RedactionMode = "skillgate.redaction";

    /// <summary>
    /// The skill a portable run uses (<see cref="string"/>, a name of the set given to <c>UseSkills</c>): its instructions
    /// are loaded at once instead of through <c>load_skill</c>. Default: none, the model picks from the listed skills.
    /// </summary>
    public const string Skill = "skillgate.skill";
}
