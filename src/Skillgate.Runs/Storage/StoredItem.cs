namespace Skillgate.Runs.Storage;

/// <summary>One item row: its request body, state, attempts, batch and (once finished) its output line.</summary>
internal sealed record StoredItem(long Seq, string ItemId, RunItemStatus Status, int Attempts, string? Mode, string? BatchId, byte[] Body, string? Result);
