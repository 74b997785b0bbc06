using Microsoft.Extensions.Logging;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Listening;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Upstreams;

namespace ScriptProxy.Host.Cli;

/// <summary><c>scriptproxy run</c>: load the config, start listeners and the admin endpoint, run until a shutdown signal.</summary>
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
        var levels = new LogLevelSwitch(config.LogLevel);
        using var loggers = Logging.Create(levels, config.LogFormat);
        var log = loggers.CreateLogger("ScriptProxy");
        using var tracing = Tracing.Start(config.Tracing, log);
        var metrics = new ProxyMetrics();
        await using var upstream = UpstreamFactory.Create(config, loggers, metrics);
        using var stages = config.Stages.Count > 0 ? new Stages.StageHost(config, loggers) : null;
        if (stages is not null)
        {
            try
            {
                await stages.StartAsync().ConfigureAwait(false);
            }
            catch (ConfigException e)
            {
                log.LogCritical("Configuration error: {Error}", e.Message);
                return 2;
            }
        }
        await using var server = new ProxyServer(config, upstream, loggers, metrics, stages);
        AdminServer? admin = null;
        try
        {
            server.Start();
            if (config.Admin.Enabled)
            {
                var manager = stages?.Manager;
                IReadinessCheck[] checks = manager is null ? [new UpstreamReadinessCheck(upstream)] : [new UpstreamReadinessCheck(upstream), new StagesReadinessCheck(manager)];
                if (manager is not null) StageMetrics.Register(metrics, manager);
                admin = await AdminServer.StartAsync(config.Admin, metrics, checks, levels, app => StageAdminEndpoints.Map(app, manager)).ConfigureAwait(false);
                log.LogInformation("Admin endpoint on {Address}", admin.BaseAddress);
            }
        }
        catch (IOException e)
        {
            log.LogCritical("Cannot listen: {Error} (check 'listeners' and 'admin' in {File})", e.Message, config.Source);
            return 3;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            log.LogCritical("Cannot listen: {Error} (check 'listeners' in {File})", e.Message, config.Source);
            return 3;
        }
        var status = new StatusReporter(metrics, log, TimeSpan.FromSeconds(config.StatusIntervalSeconds), stages?.Manager).RunAsync(shutdown);
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.LogInformation("Shutdown requested");
        }
        await server.StopAsync().ConfigureAwait(false);
        if (admin is not null) await admin.DisposeAsync().ConfigureAwait(false);
        await status.ConfigureAwait(false);
        log.LogInformation("Stopped");
        return 0;
    }
}
