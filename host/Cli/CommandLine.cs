using System.CommandLine;
using System.Runtime.InteropServices;

namespace ScriptProxy.Host.Cli;

/// <summary>The <c>scriptproxy</c> command line: <c>run</c> (the default) and <c>node</c>.</summary>
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
        var node = new Command("node", "Run a standalone embedded in-memory CQL node") { listenOption };
        node.SetAction((result, _) => WithShutdownSignal(ct => NodeCommand.ExecuteAsync(result.GetValue(listenOption)!, ct)));

        var root = new RootCommand("ScriptProxy: a scriptable proxy for Cassandra's native protocol (CQL)") { run, node };
        root.Options.Add(configOption);
        root.SetAction((result, _) => WithShutdownSignal(ct => RunCommand.ExecuteAsync(result.GetValue(configOption)!, ct)));
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
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
