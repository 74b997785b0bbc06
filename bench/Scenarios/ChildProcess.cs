using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ScriptProxy.Bench.Scenarios;

/// <summary>
/// A process the runner started (node, proxy, HAProxy): output kept for error messages, readiness by TCP connect,
/// and a kill of the whole tree on dispose, so nothing outlives the run.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // The children run with the machine's defaults, not with whatever the runner's environment tuned.
        info.Environment.Remove("DOTNET_gcServer");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        return new ChildProcess(name, process);
    }

    /// <summary>Waits until <paramref name="endPoint"/> accepts a TCP connection, or fails with the process output.</summary>
    public async Task WaitForPortAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endPoint).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not listen on {endPoint} within {timeout.TotalSeconds:0} s:\n{Output}");
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The most telling line of the output: the first alert or error, else the first line.</summary>
    public string FirstProblem(string fallback)
    {
        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.Contains("ALERT", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("exception", StringComparison.OrdinalIgnoreCase))
            ?? lines.FirstOrDefault() ?? fallback;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 64 * 1024) _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
