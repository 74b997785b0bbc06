using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Cli;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Cli;

/// <summary>The in-process deployment behind <c>scriptproxy cluster up</c>: 3 embedded nodes and 2 proxies, on free ports.</summary>
public sealed class LocalClusterTests : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // The proxies' common port is picked free, then bound proxy by proxy after each builds its stages: a listener
        // of a test running in parallel may take it on 127.0.0.1 in between. Start again on another (LocalCluster
        // cleans up a start that failed).
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { NodePort = 0, ProxyPort = 0 }, new ProxyConfig(), _loggers, timeout.Token);
                return;
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse && attempt < 5)
            {
                // Taken in between: another port.
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public void StartAsync_ProxiesListenOnConsecutiveAddressesWithOnePort_NodesOnTheirOwn()
    {
        Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")], _cluster.ProxyEndPoints.Select(e => e.Address));
        Assert.Single(_cluster.ProxyEndPoints.Select(e => e.Port).Distinct());
        Assert.NotEqual(0, _cluster.ProxyEndPoints[0].Port);
        Assert.Equal(3, _cluster.Nodes.Count);
        Assert.Equal(["127.0.0.1", "127.0.0.2", "127.0.0.3"], _cluster.Nodes.EndPoints.Select(e => e.Address.ToString()));
    }

    [Fact]
    public void ProxyConfigs_RunPeersRewriteAdvertisingItselfAndTheOtherProxies()
    {
        var endPoints = _cluster.ProxyEndPoints;
        for (int i = 0; i < 2; i++)
        {
            var config = _cluster.ProxyConfigs[i];
            Assert.Equal(endPoints[i], Assert.Single(config.Listeners).EndPoint);
            Assert.False(config.Admin.Enabled);
            var stage = config.Stages[0];
            Assert.Equal("PeersRewrite", stage.Source);
            var settings = JsonDocument.Parse(stage.SettingsJson).RootElement;
            Assert.Equal(endPoints[i].ToString(), settings.GetProperty("address").GetString());
            Assert.Equal([endPoints[1 - i].ToString()], settings.GetProperty("peers").EnumerateArray().Select(p => p.GetString()));
        }
    }

    [Fact]
    public void Banner_NamesEveryNodeAndProxyEndpoint()
    {
        string banner = ClusterCommand.Banner(_cluster);
        foreach (var e in _cluster.Nodes.EndPoints.Concat(_cluster.ProxyEndPoints)) Assert.Contains(e.ToString(), banner);
    }

    [Fact]
    public async Task PythonDriver_ThroughFirstProxy_SeesTheProxiesAsTheClusterAndReadsBackEveryRow()
    {
        const int rows = 50;
        var proxy = _cluster.ProxyEndPoints[0];
        var r = await DriverProcess.PythonAsync("cluster_routing.py", TimeSpan.FromSeconds(150), proxy.Port.ToString(), rows.ToString(), proxy.Address.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        var proxies = _cluster.ProxyEndPoints.Select(e => e.ToString()).Order().ToList();
        Assert.Equal(proxies, j.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).ToList());
        Assert.Equal(proxies, j.GetProperty("up").EnumerateArray().Select(h => h.GetString()!).ToList());
        Assert.Equal(2 * rows, j.GetProperty("read_back").GetInt32());
        var stats = Enumerable.Range(0, 3).Select(i => _cluster.Nodes.Node(i).Statistics).ToList();
        string summary = string.Join("; ", stats.Select((s, i) => $"node{i}: {s}"));
        // The sink routes by token: every partition reached its owner, and every node owns some of them.
        Assert.All(stats, s => Assert.Equal(0, s.ForeignPartitions));
        Assert.True(stats.Sum(s => s.OwnedPartitions) >= 4 * rows, summary);
        Assert.All(stats, s => Assert.True(s.OwnedPartitions > 0, summary));
    }
}
