using System.Net.Sockets;

namespace ScriptProxy.Node.Hosting;

/// <summary>Socket options for a listener (the embedded node's and the proxy's).</summary>
public static class ListenerSocket
{
    /// <summary>
    /// Lets a restarted process bind its port again while connections of its previous run linger in TIME_WAIT, without
    /// letting two live listeners share a port: on Linux .NET's ReuseAddress also sets SO_REUSEPORT, which would let a
    /// second process (or test) bind the same port silently and receive half of the connections. So on Linux only
    /// SO_REUSEADDR is set; Windows needs nothing (and its SO_REUSEADDR would allow port stealing).
    /// </summary>
    public static void AllowRebindAfterRestart(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        const int SolSocket = 1, SoReuseAddr = 2;
        if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        else if (!OperatingSystem.IsWindows()) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }
}
