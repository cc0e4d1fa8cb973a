namespace Skillgate.Server.WebSockets;

/// <summary>The socket a stream's frames currently go to.</summary>
internal interface IStreamOwner
{
    /// <summary>Called by a stream's producer when this reader stayed too far behind for too long.</summary>
    void DisconnectSlowReader();
}
