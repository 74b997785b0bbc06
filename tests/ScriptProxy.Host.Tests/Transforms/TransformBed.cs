using System.Net;
using System.Net.Sockets;
using ScriptProxy.Host.Configuration;
using ScriptProxy.Host.Operations;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Transforms;

/// <summary>
/// One end-to-end setup for a built-in transform: an embedded node listening on a loopback port (the "cluster"),
/// optionally a second one (Tee/DualWrite's other cluster), and the real proxy in front of the first with the
/// stages given as proxy.json text (read by the real config loader). Python scenarios get the proxy's, the node's
/// and the second node's ports, so they can check what reached the cluster by connecting to it directly.
/// </summary>
internal sealed class TransformBed : IAsyncDisposable
{
    private TransformBed(EmbeddedNode node, EmbeddedNode? secondary, ProxyHarness proxy, CollectingLoggers logs)
    {
        Node = node;
        Secondary = secondary;
        Proxy = proxy;
        Logs = logs;
    }

    public EmbeddedNode Node { get; }

    public EmbeddedNode? Secondary { get; }

    public ProxyHarness Proxy { get; }

    /// <summary>Everything the stages logged.</summary>
    public CollectingLoggers Logs { get; }

    /// <param name="stagesJson">The <c>stages</c> array of proxy.json; "{secondary}" is replaced by the second node's "127.0.0.1:port".</param>
    /// <param name="secondary">Start a second node.</param>
    /// <param name="node">Identity of the first node (e.g. with peers).</param>
    /// <param name="knownPort">Listen on a port picked beforehand, so stages built before the listener starts know it (PeersRewrite's default).</param>
    /// <param name="secondaryNode">Identity of the second node (e.g. with users, so it authenticates).</param>
    public static async Task<TransformBed> StartAsync(string stagesJson, bool secondary = false, EmbeddedNodeOptions? node = null, bool knownPort = false,
        EmbeddedNodeOptions? secondaryNode = null)
    {
        var primary = new EmbeddedNode(node);
        await primary.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        EmbeddedNode? other = null;
        if (secondary)
        {
            other = new EmbeddedNode(secondaryNode);
            await other.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
            stagesJson = stagesJson.Replace("{secondary}", "127.0.0.1:" + other.LocalEndPoint!.Port, StringComparison.Ordinal);
        }
        var stages = ConfigLoader.Parse($$"""{"stages": {{Relaxed(stagesJson)}}}""", "proxy.json").Stages;
        var logs = new CollectingLoggers();
        for (int attempt = 1; ; attempt++)
        {
            int port = knownPort ? FreePort() : 0;
            try
            {
                var proxy = await ProxyHarness.WithStagesAsync(primary.LocalEndPoint!, c => c with
                {
                    Stages = stages,
                    Listeners = [new ListenerConfig(IPAddress.Loopback, port)],
                }, logs);
                return new TransformBed(primary, other, proxy, logs);
            }
            catch (SocketException e) when (knownPort && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 5)
            {
                // The port picked beforehand was taken by a parallel test's listener before the proxy bound it: another.
            }
        }
    }

    /// <summary>The built instance of the stage of type <typeparamref name="T"/> in the live pipeline.</summary>
    public T Stage<T>() => Proxy.Stages!.Store.Current.Guards.Select(g => g.Artifact?.Stage).OfType<T>().Single();

    /// <summary>
    /// Starts the admin endpoint on a free loopback port, as <c>scriptproxy run</c> does: /metrics with the stages'
    /// series and the /stages API. The caller disposes it (before the bed).
    /// </summary>
    public async Task<AdminServer> StartAdminAsync(string? token = null)
    {
        var manager = Proxy.Stages!.Manager;
        StageMetrics.Register(Proxy.Server.Metrics, manager);
        return await AdminServer.StartAsync(new AdminConfig(true, IPAddress.Loopback, 0, token), Proxy.Server.Metrics, [],
            new LogLevelSwitch(Microsoft.Extensions.Logging.LogLevel.Information), app => StageAdminEndpoints.Map(app, manager));
    }

    /// <summary>
    /// Runs <c>tests/drivers/python/<paramref name="script"/> SCENARIO PROXY_PORT NODE_PORT SECONDARY_PORT [ADMIN_URL]</c>
    /// and checks it exited cleanly.
    /// </summary>
    public async Task<System.Text.Json.JsonElement> RunAsync(string script, string scenario, AdminServer? admin = null)
    {
        string[] args = [scenario, Proxy.EndPoint.Port.ToString(), Node.LocalEndPoint!.Port.ToString(), (Secondary?.LocalEndPoint?.Port ?? 0).ToString()];
        if (admin is not null) args = [.. args, admin.BaseAddress.ToString()];
        var r = await DriverProcess.PythonAsync(script, TimeSpan.FromSeconds(120), args);
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json;
        var status = Proxy.Stages!.Manager.Status();
        Assert.All(status, s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.Faults} faults, {s.Timeouts} timeouts, last: {s.LastFault}\n{r}"));
        return json;
    }

    /// <summary>Log lines of one category, e.g. "ScriptProxy.Transforms.DebugPrinter".</summary>
    public IReadOnlyList<string> LogLines(string category) => [.. Logs.Lines.Where(l => l.Contains(" " + category + ":", StringComparison.Ordinal))];

    /// <summary>
    /// Stages without a "timeoutMs" get 5 s instead of the default 100 ms: first calls JIT-compile on a shared 2-core
    /// machine, and an overrun here would be a flaky test, not a finding (the budget has its own tests).
    /// </summary>
    private static string Relaxed(string stagesJson)
    {
        var array = System.Text.Json.Nodes.JsonNode.Parse(stagesJson)!.AsArray();
        foreach (var stage in array.OfType<System.Text.Json.Nodes.JsonObject>())
        {
            if (!stage.ContainsKey("timeoutMs")) stage["timeoutMs"] = 5000;
        }
        return array.ToJsonString();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Node.DisposeAsync();
        if (Secondary is not null) await Secondary.DisposeAsync();
    }
}
