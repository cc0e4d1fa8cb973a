using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Skillgate.Server.Tests.Dashboard;

/// <summary>
/// This machine's own non-loopback IPv4 address: a gateway bound to it and called from this machine sees a caller that
/// is not loopback, so the admin-access rules are tested on real connections rather than a header seam.
/// </summary>
internal static class MachineAddress
{
    public static IPAddress Find() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal))
        ?? throw new InvalidOperationException("This machine has no non-loopback IPv4 address, so a non-loopback caller cannot be made: the admin-access tests need one (any up interface with an address).");
}
