namespace Skillgate.Scheduling;

/// <summary>Admission priority: every queued interactive request is admitted before any batch request.</summary>
public enum RequestPriority
{
    /// <summary>A person is waiting (chat, gateway calls). The default.</summary>
    Interactive = 0,

    /// <summary>Bulk work (skill runs over many files) that yields to interactive requests.</summary>
    Batch = 1,
}
