namespace Skillgate.Context;

/// <summary>What a conversation log entry holds.</summary>
public enum ConversationEntryKind
{
    /// <summary>A Messages API message: <c>{"role":"user"|"assistant","content":...}</c>.</summary>
    Message = 0,

    /// <summary>A committed compaction: the summary and ledger facts covering entries up to a sequence.</summary>
    Compaction = 1,

    /// <summary>A document attached to the conversation: <c>{"hash":"...","name":"...","pinned":true}</c>.</summary>
    Document = 2,

    /// <summary>The conversation's settings, written when the gateway creates it: <c>{"model","system","context_window",...}</c>; views ignore it.</summary>
    Settings = 3,
}
