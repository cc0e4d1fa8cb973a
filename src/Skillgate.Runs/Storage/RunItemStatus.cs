namespace Skillgate.Runs.Storage;

/// <summary>An item's state in the store. Values are stored: do not renumber.</summary>
internal enum RunItemStatus
{
    Pending = 0,

    /// <summary>Claimed and (about to be) sent interactively, or being submitted in a batch; at a crash it goes back to pending.</summary>
    InFlight = 1,

    Done = 2,
    Failed = 3,

    /// <summary>In a submitted Message Batch (its id stored); on resume the batch is polled, not resubmitted.</summary>
    Batched = 4,
}
