namespace Skillgate.Server.Hosting;

/// <summary>How the gateway serves Claude Skills calls (section <c>Skillgate:Skills</c>).</summary>
public sealed class GatewaySkillsOptions
{
    /// <summary>
    /// How many paused turns (<c>stop_reason: "pause_turn"</c>, a long code-execution run) the gateway continues
    /// itself for a non-streamed Messages call before it answers, joining them into one message. Default: 0, a
    /// paused answer is returned as the API returns it; a caller may ask per request with
    /// <c>skillgate-continue-pause-turn: N</c>. Streamed calls are always returned as the API streams them.
    /// </summary>
    public int ContinuePauseTurns { get; set; }

    /// <summary>
    /// The folder of skills that <c>POST /v1/skill-runs</c> runs portably (progressive disclosure by the gateway over plain
    /// Messages): a skill folder, or a folder of skill folders, loaded and validated on the first run. Default: none,
    /// skill runs answer 404.
    /// </summary>
    public string? Directory { get; set; }
}
