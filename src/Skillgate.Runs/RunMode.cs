namespace Skillgate.Runs;

/// <summary>How a run's items reach the model.</summary>
public enum RunMode
{
    /// <summary>Interactive while the deadline allows it by the keys' limits; the rest through the Message Batches API.</summary>
    Auto,

    /// <summary>Every item through <c>POST /v1/messages</c> (at batch priority).</summary>
    Interactive,

    /// <summary>Every item through the Message Batches API (half price, results within 24 hours).</summary>
    Batch,
}
