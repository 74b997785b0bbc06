using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Cli;

/// <summary><c>scriptproxy run</c>: load the config, start listeners, run until a shutdown signal.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(string configPath, CancellationToken shutdown)
    {
        ProxyConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        using var loggers = Logging.Create(config.LogLevel);
        var log = loggers.CreateLogger("ScriptProxy");
        await using var upstream = UpstreamFactory.Create(config, loggers);
        await using var server = new ProxyServer(config, upstream, loggers);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            log.LogCritical("Cannot listen: {Error} (check 'listeners' in {File})", e.Message, config.Source);
            return 3;
        }
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.LogInformation("Shutdown requested");
        }
        await server.StopAsync().ConfigureAwait(false);
        log.LogInformation("Stopped");
        return 0;
    }
}
