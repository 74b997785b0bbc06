using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// <c>scriptproxy node --listen 127.0.0.42:PORT</c> as a child process (the built scriptproxy.dll next to the tests), for
/// faults that need a real process to kill. Disposing kills it (whole tree) if it still runs.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// A loopback address no other test listens on: the node is restarted on the same port after a kill, and on
    /// 127.0.0.1 a listener of a test running in parallel (port 0) could take that port in between.
    /// </summary>
    public static IPAddress Address { get; } = IPAddress.Parse("127.0.0.42");

    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>A port free on <see cref="Address"/> right now (bound and released).</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(Address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Starts the node and returns once it prints that it listens (or fails after 60 s).</summary>
    public static async Task<NodeProcess> StartAsync(int port, params string[] extraArgs)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "scriptproxy.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[dll, "node", "--listen", $"{Address}:{port}", .. extraArgs]) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the node process");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("listening", StringComparison.Ordinal) == true) listening.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, port);
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException($"node did not start on port {port}: {stderr}");
        }
        return node;
    }

    /// <summary>SIGKILL: no shutdown, the kernel closes its sockets.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
