using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Host.Upstreams.Cluster;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>
/// A contact point that accepts TCP connections and never answers STARTUP (a node overloaded, starting, or stopping
/// with the connection in its backlog). The control connection must give up on it within its bound and take the next
/// candidate; before the handshake had a bound, the topology's start (and every later round) waited on it forever.
/// </summary>
public sealed class ClusterSilentNodeTests
{
    [Fact]
    public async Task SilentContactPointFirst_TopologyReadFromTheNextOne()
    {
        await using var cluster = await LocalCluster.StartAsync();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentEndPoint = (IPEndPoint)silent.LocalEndpoint;
        var logs = new CollectingLoggers();
        await using var connector = new ClusterUpstreamConnector([silentEndPoint, cluster.EndPoints[0]], TimeSpan.FromSeconds(2), 256 * 1024 * 1024, logs);

        // Generous for a loaded 2-core machine: the silent node costs its 5 s handshake bound, the rest about a second.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var session = await connector.ConnectAsync(limit.Token);
        await session.DisposeAsync();

        var topology = connector.Topology;
        Assert.Equal(cluster.EndPoints[0], topology.ControlEndPoint);
        Assert.Equal(3, topology.Ring.Nodes.Count);
        Assert.Null(connector.Problem);
    }
}
