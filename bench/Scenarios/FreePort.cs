using System.Net;
using System.Net.Sockets;

namespace ScriptProxy.Bench.Scenarios;

internal static class FreePort
{
    /// <summary>A free loopback port (bound and released; a tiny race with other processes is acceptable here).</summary>
    public static IPEndPoint Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndPoint!).Port);
    }
}
