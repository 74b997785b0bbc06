using System.CommandLine;
using System.Runtime.InteropServices;

namespace ScriptProxy.Host.Cli;

/// <summary>The <c>scriptproxy</c> command line: <c>run</c> (the default), <c>node</c>, <c>cluster up</c> and the admin client verbs.</summary>
public static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configOption = new Option<string>("--config", "-c")
        {
            Description = "Path of the proxy configuration file",
            DefaultValueFactory = _ => "proxy.json",
        };
        var run = new Command("run", "Run the proxy with a configuration file") { configOption };
        run.SetAction((result, _) => WithShutdownSignal(ct => RunCommand.ExecuteAsync(result.GetValue(configOption)!, ct)));

        var listenOption = new Option<string>("--listen", "-l")
        {
            Description = "Address and port the embedded node listens on",
            DefaultValueFactory = _ => "127.0.0.1:9142",
        };
        var userOption = new Option<string[]>("--user", "-u")
        {
            Description = "Turn on PasswordAuthenticator with this login (name:password, superuser); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var node = new Command("node", "Run a standalone embedded in-memory CQL node") { listenOption, userOption };
        node.SetAction((result, _) => WithShutdownSignal(ct =>
            NodeCommand.ExecuteAsync(result.GetValue(listenOption)!, result.GetValue(userOption) ?? [], ct)));

        var cluster = new Command("cluster", "A local cluster of embedded nodes with a fleet of proxies in front, in one process") { ClusterUpCommand() };

        var adminOption = new Option<string>("--admin")
        {
            Description = "Base address of the proxy's admin endpoint",
            DefaultValueFactory = _ => "http://127.0.0.1:9901/",
        };
        var tokenOption = new Option<string?>("--token") { Description = "Admin bearer token (default: $SCRIPTPROXY_ADMIN_TOKEN)" };
        var stages = new Command("stages", "List the running proxy's stages: kind, live version, state, counters") { adminOption, tokenOption };
        stages.SetAction((result, ct) => AdminClientCommand.StagesAsync(result.GetValue(adminOption)!, result.GetValue(tokenOption), ct));
        var settingsName = new Argument<string>("name") { Description = "Stage name as on `scriptproxy stages`, e.g. Tee, Tee#2 (a second Tee) or its \"name\" from proxy.json" };
        var showSettings = new Command("settings", "Show a running stage's run-time settings, and proxy.json's where they differ") { settingsName, adminOption, tokenOption };
        showSettings.SetAction((result, ct) => AdminClientCommand.SettingsAsync(result.GetValue(adminOption)!, result.GetValue(tokenOption), result.GetValue(settingsName)!, [], ct));
        var setName = new Argument<string>("name") { Description = "Stage name as on `scriptproxy stages`, e.g. Tee, Tee#2 (a second Tee) or its \"name\" from proxy.json" };
        var pairs = new Argument<string[]>("settings") { Description = "key=value, e.g. mismatch=FailOnMismatch", Arity = ArgumentArity.OneOrMore };
        var setSettings = new Command("set", "Switch run-time settings of a running stage (Tee: mismatch, resultSource; DualWrite: reads) until the proxy restarts")
            { setName, pairs, adminOption, tokenOption };
        setSettings.SetAction((result, ct) => AdminClientCommand.SettingsAsync(result.GetValue(adminOption)!, result.GetValue(tokenOption), result.GetValue(setName)!,
            result.GetValue(pairs) ?? [], ct));
        stages.Subcommands.Add(showSettings);
        stages.Subcommands.Add(setSettings);
        var root = new RootCommand("ScriptProxy: a scriptable proxy for Cassandra's native protocol (CQL)") { run, node, cluster, stages };
        var versionOption = new Option<int?>("--version") { Description = "Archived version to roll back to (default: the one before the live version)" };
        foreach (var action in new[] { "rollback", "reload", "enable", "disable" })
        {
            var nameArgument = new Argument<string>("name") { Description = "Stage name as on `scriptproxy stages` (its \"name\", the builtin name or script path, #2 for a repeated one), or a script's file name (deny-writes.csx or deny-writes)" };
            var verb = new Command(action, $"{char.ToUpperInvariant(action[0])}{action[1..]} one stage of the running proxy") { nameArgument, adminOption, tokenOption };
            if (action == "rollback") verb.Options.Add(versionOption);
            verb.SetAction((result, ct) => AdminClientCommand.ActAsync(result.GetValue(adminOption)!, result.GetValue(tokenOption), action,
                result.GetValue(nameArgument)!, action == "rollback" ? result.GetValue(versionOption) : null, ct));
            root.Subcommands.Add(verb);
        }
        root.Options.Add(configOption);
        root.SetAction((result, _) => WithShutdownSignal(ct => RunCommand.ExecuteAsync(result.GetValue(configOption)!, ct)));
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    /// <summary><c>cluster up</c>: N embedded nodes on 127.0.0.1, .2, ... and M proxies on 127.0.0.1, .2, ... routing to them.</summary>
    private static Command ClusterUpCommand()
    {
        var defaults = new LocalClusterOptions();
        var nodes = new Option<int>("--nodes") { Description = "Embedded nodes (127.0.0.1, 127.0.0.2, ...)", DefaultValueFactory = _ => defaults.Nodes };
        var nodePort = new Option<int>("--node-port") { Description = "Native port of every node", DefaultValueFactory = _ => defaults.NodePort };
        var proxies = new Option<int>("--proxies") { Description = "Proxies (127.0.0.1, 127.0.0.2, ...)", DefaultValueFactory = _ => defaults.Proxies };
        var proxyPort = new Option<int>("--proxy-port") { Description = "Port every proxy listens on", DefaultValueFactory = _ => defaults.ProxyPort };
        var config = new Option<string?>("--config", "-c") { Description = "proxy.json whose stages and settings every proxy runs (listeners and upstream are replaced)" };
        var scripts = new Option<string[]>("--script", "-s") { Description = "A script stage (.csx or .js) every proxy runs; repeatable", AllowMultipleArgumentsPerToken = false };
        var up = new Command("up", "Start the nodes and the proxies; Ctrl+C stops them") { nodes, nodePort, proxies, proxyPort, config, scripts };
        up.SetAction((result, _) => WithShutdownSignal(ct => ClusterCommand.UpAsync(new LocalClusterOptions
        {
            Nodes = result.GetValue(nodes),
            NodePort = result.GetValue(nodePort),
            Proxies = result.GetValue(proxies),
            ProxyPort = result.GetValue(proxyPort),
            Scripts = [.. (result.GetValue(scripts) ?? []).Select(Path.GetFullPath)],
        }, result.GetValue(config), ct)));
        return up;
    }

    /// <summary>Runs <paramref name="body"/> with a token cancelled by Ctrl+C or SIGTERM (which then no longer kill the process).</summary>
    private static async Task<int> WithShutdownSignal(Func<CancellationToken, Task<int>> body)
    {
        using var cts = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            cts.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await body(cts.Token).ConfigureAwait(false);
    }
}
