using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ScriptProxy.Testing;

/// <summary>
/// Runs a real driver script as a child process with a hard timeout (the whole process tree is killed on timeout),
/// and parses the JSON object it prints last on stdout.
/// </summary>
public static class DriverProcess
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ScriptProxy.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Cannot find the repository root (ScriptProxy.sln)");
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json
        {
            get
            {
                var line = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'))
                    ?? throw new Xunit.Sdk.XunitException($"No JSON on stdout. exit={ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
                return JsonDocument.Parse(line).RootElement;
            }
        }

        public override string ToString() => $"exit={ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static Task<Result> PythonAsync(string script, TimeSpan timeout, params string[] args) =>
        RunAsync("/usr/bin/python3", [Path.Combine(RepoRoot, "tests", "drivers", "python", script), .. args], timeout);

    public static Task<Result> NodeJsAsync(string script, TimeSpan timeout, params string[] args) =>
        RunAsync("node", [Path.Combine(RepoRoot, "tests", "drivers", "node", script), .. args], timeout);

    /// <summary>
    /// Builds tests/drivers/go/<paramref name="program"/> with gocql (once per test process, see
    /// <see cref="GoProgramBuilder"/>) and runs the binary.
    /// </summary>
    public static async Task<Result> GoAsync(string program, TimeSpan timeout, params string[] args)
    {
        string binary = await GoProgramBuilder.BuildAsync(program);
        return await RunAsync(binary, args, timeout, Path.GetDirectoryName(binary));
    }

    /// <summary>Runs <paramref name="file"/>; the working directory defaults to the folder of the script in args[0].</summary>
    public static async Task<Result> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(args[0])!,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {file}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-999, stdout.ToString(), stderr + $"\n[killed after {timeout}]");
        }
        process.WaitForExit(); // drain async output
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
