using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Tests.Transforms;

/// <summary>
/// A proxy fleet as the README's "Scaling out" deploys it, in one process: an embedded node (the "cluster") and N real
/// proxies in front of it on 127.0.0.1, 127.0.0.2, ... all on the same port (the Node.js driver uses one port for every
/// host), each running PeersRewrite configured with its own address and the others' as its peers. Or, with
/// <see cref="StartClusterAsync"/>, in front of a 3-node <see cref="EmbeddedCluster"/> whose nodes have real peers and
/// push real STATUS_CHANGE/TOPOLOGY_CHANGE events.
/// </summary>
internal sealed class FleetBed : IAsyncDisposable
{
    private readonly IAsyncDisposable _upstream;

    private FleetBed(IAsyncDisposable upstream, IReadOnlyList<ProxyHarness> proxies, int port)
    {
        _upstream = upstream;
        Proxies = proxies;
        Port = port;
    }

    /// <summary>The single node behind the proxies (<see cref="StartAsync"/>).</summary>
    public EmbeddedNode Node => (EmbeddedNode)_upstream;

    /// <summary>The cluster behind the proxies (<see cref="StartClusterAsync"/>).</summary>
    public EmbeddedCluster Cluster => (EmbeddedCluster)_upstream;

    public IReadOnlyList<ProxyHarness> Proxies { get; }

    /// <summary>The port every proxy listens on.</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port", "127.0.0.2:port", ...</summary>
    public IReadOnlyList<string> Addresses => [.. Proxies.Select(p => p.EndPoint.ToString())];

    public static async Task<FleetBed> StartAsync(int proxies, int vnodes = 8)
    {
        var node = new EmbeddedNode();
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        return await StartProxiesAsync(node, proxies, vnodes, _ => new UpstreamConfig(false, node.LocalEndPoint!));
    }

    /// <summary>
    /// 3 proxies in front of a 3-node embedded cluster (each node on its own port), every proxy on the cluster sink with
    /// all nodes as contact points: a row written through one proxy is read back through any other.
    /// </summary>
    public static async Task<FleetBed> StartClusterAsync(int vnodes = 8)
    {
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 3, NativePort = 0 });
        var contactPoints = cluster.EndPoints;
        return await StartProxiesAsync(cluster, 3, vnodes, _ => UpstreamConfig.Cluster(contactPoints));
    }

    private static async Task<FleetBed> StartProxiesAsync(IAsyncDisposable upstream, int proxies, int vnodes, Func<int, UpstreamConfig> upstreamOf)
    {
        try
        {
            // The port is free on every address when picked, but the proxies bind it one after the other (each after
            // building its stages): a listener of a test running in parallel may take it on 127.0.0.1 in between.
            for (int attempt = 1; ; attempt++)
            {
                int port = FreePortOnAll(proxies);
                try
                {
                    return new FleetBed(upstream, await StartFleetAsync(port, proxies, vnodes, upstreamOf), port);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 5)
                {
                    // Taken in between: another port.
                }
            }
        }
        catch
        {
            await upstream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the proxies on 127.0.0.1..N:<paramref name="port"/>; if one cannot start, disposes those that did.</summary>
    private static async Task<List<ProxyHarness>> StartFleetAsync(int port, int proxies, int vnodes, Func<int, UpstreamConfig> upstreamOf)
    {
        var addresses = Enumerable.Range(1, proxies).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.0.{i}"), port)).ToList();
        var started = new List<ProxyHarness>();
        try
        {
            for (int i = 0; i < addresses.Count; i++)
            {
                var address = addresses[i];
                var peers = string.Join(", ", addresses.Where(a => !a.Equals(address)).Select(a => $"\"{a}\""));
                var stages = ConfigLoader.Parse($$"""
                    {"stages": [{"builtin": "PeersRewrite", "address": "{{address}}", "peers": [{{peers}}], "vnodes": {{vnodes}}, "timeoutMs": 5000}]}
                    """, "proxy.json").Stages;
                ProxyConfig Configure(ProxyConfig c) => c with
                {
                    Stages = stages,
                    Listeners = [new ListenerConfig(address.Address, port)],
                };
                var target = upstreamOf(i);
                started.Add(target.ContactPoints is { } contactPoints
                    ? await ProxyHarness.ClusterWithStagesAsync(contactPoints, Configure)
                    : await ProxyHarness.WithStagesAsync(target.EndPoint!, Configure));
            }
            return started;
        }
        catch
        {
            foreach (var p in started) await p.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes <paramref name="e"/> from the node every 200 ms until disposed (drivers register at their own pace).</summary>
    public IAsyncDisposable PublishRepeatedly(Abstractions.Messages.EventResponse e)
    {
        var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Node.Announce(e);
                try
                {
                    await Task.Delay(200, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        return new Stopper(stop, loop);
    }

    /// <summary>
    /// Once the driver script has written and read back its rows (it writes <c>k = -1</c> into
    /// <paramref name="keyspace"/>.kv last, read here through proxy 0, which routes it to its owner), joins a 4th node
    /// (TOPOLOGY_CHANGE NEW_NODE) and then stops and restarts it over and over (STATUS_CHANGE DOWN/UP) until disposed:
    /// the events a real cluster sends. Waiting keeps the churn off the rows (there is no replication: a row on a node
    /// that is down is not readable elsewhere) and off requests in flight to the stopping node.
    /// </summary>
    public IAsyncDisposable ChurnClusterOnce(string keyspace)
    {
        var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            try
            {
                await using (var probe = await Client.CqlConnection.ConnectAsync(Proxies[0].EndPoint, cancellationToken: stop.Token))
                {
                    while (!await DoneMarkerAsync(probe, keyspace, stop.Token)) await Task.Delay(200, stop.Token);
                }
                int added = await Cluster.AddNodeAsync(stop.Token);
                while (true)
                {
                    await Task.Delay(500, stop.Token);
                    await Cluster.StopNodeAsync(added, stop.Token);
                    await Task.Delay(500, stop.Token);
                    await Cluster.RestartNodeAsync(added, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // disposed
            }
        });
        return new Stopper(stop, loop);
    }

    private static async Task<bool> DoneMarkerAsync(Client.CqlConnection probe, string keyspace, CancellationToken cancellationToken)
    {
        // Before the script creates the table this is an error: not done yet.
        var answer = await probe.SendAsync(new Abstractions.Messages.QueryRequest($"SELECT v FROM {keyspace}.kv WHERE k = -1"), cancellationToken);
        return answer is Abstractions.Messages.RowsResult { RowCount: > 0 };
    }

    private sealed class Stopper(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }

    /// <summary>A port free on 127.0.0.1 .. 127.0.0.N at once (retrying the rare clash with another test).</summary>
    private static int FreePortOnAll(int count)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var sockets = new List<Socket>();
            try
            {
                var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(first);
                first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                int port = ((IPEndPoint)first.LocalEndPoint!).Port;
                for (int i = 2; i <= count; i++)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    sockets.Add(s);
                    s.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{i}"), port));
                }
                return port;
            }
            catch (SocketException)
            {
                // taken on one of the addresses: try another port
            }
            finally
            {
                foreach (var s in sockets) s.Dispose();
            }
        }
        throw new InvalidOperationException("No port free on every fleet address");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in Proxies) await p.DisposeAsync();
        await _upstream.DisposeAsync();
    }
}
