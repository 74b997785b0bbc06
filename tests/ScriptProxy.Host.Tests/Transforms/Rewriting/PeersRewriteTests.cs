using System.Net;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Transforms.Rewriting;

/// <summary>PeersRewrite with the real Python driver: a node that advertises itself and a peer is seen only as the proxy.</summary>
[Collection(TransformCollection.Name)]
public sealed class PeersRewriteTests
{
    [Fact]
    public async Task PythonDriver_SeesOnlyTheProxy()
    {
        var peer = new PeerInfo(IPAddress.Parse("127.0.0.2"), 9042, Guid.NewGuid(), ["0"]);
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "PeersRewrite"}]""", node: new EmbeddedNodeOptions { Peers = [peer], Tokens = ["-9000000000000000000"] }, knownPort: true);
        var j = await bed.RunAsync("transforms_rewriting.py", "PeersRewrite");
        int proxyPort = bed.Proxy.EndPoint.Port;
        Assert.Equal($"""["127.0.0.1",{proxyPort}]""", j.GetProperty("local").GetRawText().Replace(" ", ""));
        Assert.Equal(0, j.GetProperty("peers").GetInt32());
        Assert.Equal(0, j.GetProperty("peers_v2").GetInt32());
        Assert.Equal($"""["127.0.0.1:{proxyPort}"]""", j.GetProperty("hosts").GetRawText());
        // The node itself says otherwise: the stage made the difference.
        Assert.Equal(bed.Node.LocalEndPoint!.Port, j.GetProperty("node_local_port").GetInt32());
    }
}
