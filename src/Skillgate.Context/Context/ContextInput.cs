using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>What a view is built from.</summary>
/// <param name="RequestTemplate">The request's other fields (model, max_tokens, system, tools, thinking...); messages are replaced.</param>
/// <param name="Documents">Documents pinned whole into the stable prefix.</param>
/// <param name="Facts">The facts ledger.</param>
/// <param name="Summary">The rolling summary of compacted turns, if any.</param>
/// <param name="Messages">The messages after the compaction point, ending with the current turn.</param>
/// <param name="RetrievedContext">Retrieved document excerpts for the current turn (with what was left out), if any.</param>
/// <param name="NativeDocuments">Small PDFs as <c>document</c> blocks, placed at the start of the first message.</param>
/// <param name="CompactedRounds">Rounds already compacted out of <paramref name="Messages"/>; counted as omitted.</param>
internal sealed record ContextInput(
    JsonObject RequestTemplate,
    IReadOnlyList<PinnedDocument> Documents,
    IReadOnlyList<LedgerFact> Facts,
    string? Summary,
    IReadOnlyList<JsonObject> Messages,
    string? RetrievedContext = null,
    IReadOnlyList<JsonObject>? NativeDocuments = null,
    int CompactedRounds = 0);
