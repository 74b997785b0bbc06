using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
using ScriptProxy.Host.Stages;
using ScriptProxy.Host.Upstreams;
using ScriptProxy.Node.Hosting;

namespace ScriptProxy.Host.Cli;

/// <summary>
/// A whole local deployment in one process: an <see cref="EmbeddedCluster"/> and a fleet of proxies in front of it.
/// Each proxy listens on its own loopback address, runs the base config's stages plus <c>PeersRewrite</c> (so drivers
/// see the proxies, not the nodes, as the cluster: system.local is the proxy itself, system.peers the other proxies),
/// and reaches the nodes through the cluster sink (token-aware routing from <c>upstream.contactPoints</c>).
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<RunningProxy> _proxies = [];

    private LocalCluster(EmbeddedCluster nodes) => Nodes = nodes;

    /// <summary>The embedded nodes.</summary>
    public EmbeddedCluster Nodes { get; }

    /// <summary>Where each proxy listens, in order.</summary>
    public IReadOnlyList<IPEndPoint> ProxyEndPoints => _proxies.Select(p => p.EndPoint).ToList();

    /// <summary>The config each proxy runs (listener, upstream, stages), in order.</summary>
    public IReadOnlyList<ProxyConfig> ProxyConfigs => _proxies.Select(p => p.Config).ToList();

    /// <summary>
    /// Starts the nodes, then the proxies. <paramref name="baseConfig"/> supplies everything but listeners and upstream
    /// (stages, limits, logging; its admin endpoint is not started: several proxies cannot share its port).
    /// </summary>
    /// <exception cref="ConfigException">A stage did not build.</exception>
    /// <exception cref="SocketException">An address or port is taken.</exception>
    public static async Task<LocalCluster> StartAsync(LocalClusterOptions options, ProxyConfig baseConfig, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseConfig);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Proxies, 1);
        var nodes = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Nodes = options.Nodes,
            NativePort = options.NodePort,
            FirstAddress = options.FirstAddress,
            Users = baseConfig.EmbeddedUsers,
        }, ct).ConfigureAwait(false);
        var cluster = new LocalCluster(nodes);
        try
        {
            var addressing = new EmbeddedClusterOptions { FirstAddress = options.FirstAddress };
            var addresses = Enumerable.Range(0, options.Proxies).Select(addressing.AddressOf).ToList();
            int port = options.ProxyPort != 0 ? options.ProxyPort : CommonFreePort(addresses);
            var endPoints = addresses.Select(a => new IPEndPoint(a, port)).ToList();
            for (int i = 0; i < endPoints.Count; i++)
            {
                var config = ProxyConfigFor(baseConfig, options, endPoints, i, nodes);
                cluster._proxies.Add(await RunningProxy.StartAsync(config, loggers).ConfigureAwait(false));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Proxy <paramref name="index"/>'s config: its listener, the cluster upstream, PeersRewrite, then the base stages and scripts.</summary>
    internal static ProxyConfig ProxyConfigFor(ProxyConfig baseConfig, LocalClusterOptions options, IReadOnlyList<IPEndPoint> proxies, int index, EmbeddedCluster nodes)
    {
        var self = proxies[index];
        var peersRewrite = new StageDefinition
        {
            Kind = StageKind.Builtin,
            Source = "PeersRewrite",
            SettingsJson = JsonSerializer.Serialize(new
            {
                builtin = "PeersRewrite",
                address = self.ToString(),
                peers = proxies.Where(p => !p.Equals(self)).Select(p => p.ToString()).ToArray(),
            }),
            ConfigKey = "cluster up: PeersRewrite",
        };
        var scripts = options.Scripts.Select((path, i) => new StageDefinition
        {
            Kind = path.EndsWith(".js", StringComparison.OrdinalIgnoreCase) ? StageKind.JavaScript : StageKind.CSharp,
            Source = path,
            ConfigKey = $"--script[{i}]",
        });
        return baseConfig with
        {
            Listeners = [new ListenerConfig(self.Address, self.Port)],
            Upstream = UpstreamFor(nodes),
            // Named again as one chain: the added stages may repeat a base stage's default name.
            Stages = StageNames.Assign([peersRewrite, .. baseConfig.Stages, .. scripts]),
            Admin = baseConfig.Admin with { Enabled = false },
        };
    }

    /// <summary>
    /// The cluster sink with every node as a contact point, as proxy.json's
    /// <c>"upstream": { "contactPoints": ["127.0.0.1:9142", ...] }</c>: each proxy routes token-aware to the owner node.
    /// </summary>
    private static UpstreamConfig UpstreamFor(EmbeddedCluster nodes) =>
        UpstreamConfig.Cluster(nodes.EndPoints);

    /// <summary>A port free on every address (drivers reading system.peers, which has no port, assume one port for all).</summary>
    internal static int CommonFreePort(IReadOnlyList<IPAddress> addresses)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var probes = new List<Socket>();
            try
            {
                int port = 0;
                foreach (var address in addresses)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    probes.Add(s);
                    s.Bind(new IPEndPoint(address, port));
                    port = ((IPEndPoint)s.LocalEndPoint!).Port;
                }
                return port;
            }
            catch (SocketException)
            {
                // Taken on a later address: try another port.
            }
            finally
            {
                foreach (var s in probes) s.Dispose();
            }
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    /// <summary>Stops the proxies (draining their sessions), then the nodes.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var p in _proxies) await p.DisposeAsync().ConfigureAwait(false);
        _proxies.Clear();
        await Nodes.DisposeAsync().ConfigureAwait(false);
    }
}
