namespace Skillgate.Server.WebSockets;

/// <summary>What became of a <c>credit</c> frame.</summary>
internal enum CreditResult
{
    /// <summary>The credit was added.</summary>
    Granted,

    /// <summary>The stream is not on this socket (any more).</summary>
    NotAttached,

    /// <summary>The stream was started without a window.</summary>
    NoWindow,

    /// <summary>The stream's credit would exceed the cap.</summary>
    OverCap,
}
