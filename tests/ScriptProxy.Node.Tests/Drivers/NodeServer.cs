using System.Net;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>A node listening on a free 127.0.0.1 port for one test; disposed (and the port released) after it.</summary>
public sealed class NodeServer : IAsyncDisposable
{
    private NodeServer(EmbeddedNode node) => Node = node;

    public EmbeddedNode Node { get; }

    public int Port => Node.LocalEndPoint!.Port;

    public static async Task<NodeServer> StartAsync(EmbeddedNodeOptions? options = null)
    {
        var node = new EmbeddedNode(options ?? new EmbeddedNodeOptions { ClusterName = "Test Cluster" });
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        return new NodeServer(node);
    }

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
