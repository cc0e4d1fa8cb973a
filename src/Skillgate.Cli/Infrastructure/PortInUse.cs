using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Skillgate.Cli.Infrastructure;

/// <summary>Tells a listener that could not bind because its port is taken, so that commands say so in one line.</summary>
internal static class PortInUse
{
    /// <summary>The exit code of a command whose port is already in use.</summary>
    public const int ExitCode = 1;

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the address is already in use.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Which of <paramref name="ports"/> on <paramref name="host"/> is taken (the first that cannot be bound now), or the
    /// first of them when none is any more: the one line names the port the user should change.
    /// </summary>
    public static int Which(string host, params int[] ports)
    {
        var address = IPAddress.TryParse(host, out var ip) ? ip : IPAddress.Loopback;
        foreach (var port in ports.Where(p => p > 0))
        {
            try
            {
                using var probe = new TcpListener(address, port);
                probe.Start();
            }
            catch (SocketException)
            {
                return port;
            }
        }

        return ports[0];
    }

    /// <summary>The line printed for a taken port.</summary>
    public static string Message(int port) => $"error: port {port} is already in use";
}
