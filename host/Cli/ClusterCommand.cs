using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Cli;

/// <summary>
/// <c>scriptproxy cluster up [--nodes 3] [--node-port 9142] [--proxies 2] [--proxy-port 9042] [--config proxy.json]
/// [--script stage.csx ...]</c>: a local cluster of embedded nodes and a fleet of proxies in front of it, in one
/// process, until Ctrl+C (see <see cref="LocalCluster"/>).
/// </summary>
internal static class ClusterCommand
{
    public static async Task<int> UpAsync(LocalClusterOptions options, string? configPath, CancellationToken shutdown)
    {
        ProxyConfig baseConfig;
        try
        {
            baseConfig = configPath is null ? new ProxyConfig() : ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        if (options.Nodes is < 1 or > 200 || options.Proxies is < 1 or > 200)
        {
            await Console.Error.WriteLineAsync("--nodes and --proxies must be between 1 and 200").ConfigureAwait(false);
            return 2;
        }
        var levels = new Operations.LogLevelSwitch(baseConfig.LogLevel);
        using var loggers = Logging.Create(levels, baseConfig.LogFormat);
        var log = loggers.CreateLogger("ScriptProxy.Cluster");
        LocalCluster cluster;
        try
        {
            cluster = await LocalCluster.StartAsync(options, baseConfig, loggers, shutdown).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            log.LogCritical("Configuration error: {Error}", e.Message);
            return 2;
        }
        catch (SocketException e)
        {
            log.LogCritical("Cannot listen: {Error} (another process on these addresses/ports? try --node-port / --proxy-port)", e.Message);
            return 3;
        }
        await using (cluster.ConfigureAwait(false))
        {
            Console.WriteLine(Banner(cluster));
            try
            {
                await Task.Delay(Timeout.Infinite, shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                log.LogInformation("Shutdown requested");
            }
        }
        log.LogInformation("Stopped");
        return 0;
    }

    /// <summary>What listens where, for the person who typed the command.</summary>
    internal static string Banner(LocalCluster cluster)
    {
        var lines = new List<string> { $"Local cluster \"{cluster.Nodes.Options.ClusterName}\" is up (Ctrl+C stops everything)", "" };
        lines.Add($"  {cluster.Nodes.Count} embedded nodes (in-memory, datacenter1/rack1, one Murmur3 token each):");
        for (int i = 0; i < cluster.Nodes.Count; i++)
            lines.Add($"    node {i + 1}  {cluster.Nodes.EndPointOf(i),-21} token {cluster.Nodes.TokenOf(i)}");
        lines.Add("");
        lines.Add($"  {cluster.ProxyEndPoints.Count} proxies (connect drivers here; they see the proxies as the cluster):");
        var configs = cluster.ProxyConfigs;
        for (int i = 0; i < configs.Count; i++)
        {
            string stages = string.Join(" -> ", configs[i].Stages.Select(s => s.Name));
            lines.Add($"    proxy {i + 1} {cluster.ProxyEndPoints[i],-21} upstream {configs[i].Upstream}; stages {stages}");
        }
        lines.Add("");
        lines.Add($"  e.g. Python: Cluster([\"{cluster.ProxyEndPoints[0].Address}\"], port={cluster.ProxyEndPoints[0].Port})");
        return string.Join(Environment.NewLine, lines);
    }
}
