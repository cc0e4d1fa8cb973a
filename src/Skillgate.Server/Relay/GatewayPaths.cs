namespace Skillgate.Server.Relay;

/// <summary>
/// The gateway's own resources under <c>/v1</c> (<c>/v1/conversations...</c>, <c>/v1/ws</c>): never relayed upstream.
/// A call that reaches the relay on one of them used a method the resource does not have (405); any other path under
/// them does not exist (404).
/// </summary>
internal static class GatewayPaths
{
    /// <summary>Whether <paramref name="path"/> is under the gateway's own resources, and whether it names one of them.</summary>
    public static bool IsOwned(string path, out bool exists)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        exists = false;
        if (segments.Length < 2 || segments[0] != "v1" || segments[1] is not ("conversations" or "ws"))
        {
            return false;
        }

        exists = segments[1] == "ws"
            ? segments.Length == 2
            : segments.Length <= 3 || (segments.Length == 4 && segments[3] is "messages" or "documents");
        return true;
    }
}
