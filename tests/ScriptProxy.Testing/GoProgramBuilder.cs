using System.Collections.Concurrent;

namespace ScriptProxy.Testing;

/// <summary>
/// Compiles the Go driver programs under tests/drivers/go (package main, gocql from Debian's
/// golang-github-gocql-gocql-dev) in GOPATH mode, as Debian ships it: no go.mod, no module proxy. Each program is
/// built once per test process, however many tests ask at once; the binary lands in the test output folder.
/// </summary>
public static class GoProgramBuilder
{
    /// <summary>Where Debian installs gocql and its dependencies (src/github.com/gocql/gocql).</summary>
    public const string DebianGoPath = "/usr/share/gocode";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Builds = new(StringComparer.Ordinal);

    /// <summary>gocql's own package folder (its integration tests read testdata/ relative to it).</summary>
    public static string GocqlSource { get; } = Path.Combine(DebianGoPath, "src", "github.com", "gocql", "gocql");

    /// <summary>The path of the built binary; a failed build throws with the compiler's output (and is not retried).</summary>
    public static Task<string> BuildAsync(string program) =>
        Builds.GetOrAdd(program, p => new Lazy<Task<string>>(() =>
        {
            string source = Path.Combine(DriverProcess.RepoRoot, "tests", "drivers", "go", p);
            if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"No Go program at {source}");
            return CompileAsync(p, source, partial => ["build", "-o", partial, "."]);
        })).Value;

    /// <summary>
    /// gocql's own integration tests (build tags cassandra and integration) as one test binary; run it in
    /// <see cref="GocqlSource"/> with <c>-cluster 127.0.0.1:PORT</c>. Built from a copy of the package whose test
    /// cluster config also applies <c>-gocql.timeout</c> to the connect/startup timeout: the suite leaves it at
    /// gocql's fixed 600 ms, which a loaded 2-core CI machine missed now and then (a test failing in createSession
    /// with "no response to connection startup within timeout" while the server was fine). Nothing else changes.
    /// </summary>
    public static Task<string> BuildGocqlSuiteAsync() =>
        Builds.GetOrAdd("gocql.test", name => new Lazy<Task<string>>(async () =>
        {
            string root = Path.Combine(AppContext.BaseDirectory, "gocql-suite-" + Environment.ProcessId);
            string copy = Path.Combine(root, "src", "github.com", "gocql", "gocql");
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            CopyDirectory(GocqlSource, copy);
            string common = Path.Combine(copy, "common_test.go");
            const string Timeout = "\tcluster.Timeout = *flagTimeout\n";
            string text = File.ReadAllText(common);
            if (!text.Contains(Timeout, StringComparison.Ordinal)) throw new Xunit.Sdk.XunitException($"gocql's common_test.go changed: no \"{Timeout.Trim()}\" to extend");
            File.WriteAllText(common, text.Replace(Timeout, Timeout + "\tcluster.ConnectTimeout = *flagTimeout\n", StringComparison.Ordinal));
            try
            {
                return await CompileAsync(name, copy, partial => ["test", "-c", "-tags", "cassandra integration", "-o", partial, "github.com/gocql/gocql"], root + ":" + DebianGoPath);
            }
            finally
            {
                Directory.Delete(root, recursive: true); // the binary runs in GocqlSource, whose testdata/ is the same
            }
        })).Value;

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private static async Task<string> CompileAsync(string name, string source, Func<string, string[]> arguments, string? goPath = null)
    {
        string go = FindGo() ?? throw new Xunit.Sdk.XunitException(
            "go is not installed: apt-get install golang-go golang-github-gocql-gocql-dev (./test.sh does it)");
        if (!Directory.Exists(GocqlSource))
            throw new Xunit.Sdk.XunitException("gocql is not installed: apt-get install golang-github-gocql-gocql-dev (./test.sh does it)");
        string folder = Path.Combine(AppContext.BaseDirectory, "go-bin");
        Directory.CreateDirectory(folder);
        string binary = Path.Combine(folder, name);
        // Build beside the target, then rename: a binary from an earlier run is replaced whole, never half-written.
        string partial = binary + "." + Environment.ProcessId + ".partial";
        var environment = new Dictionary<string, string>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = goPath ?? DebianGoPath,
            ["GOPROXY"] = "off",
            ["GOFLAGS"] = "",
            // The Go build cache needs a home; test runners may have none. Shared by every test process (Go locks it).
            ["GOCACHE"] = Environment.GetEnvironmentVariable("GOCACHE") is { Length: > 0 } cache ? cache : Path.Combine(Path.GetTempPath(), "scriptproxy-gocache"),
        };
        var r = await DriverProcess.RunAsync(go, arguments(partial), BuildTimeout, source, environment);
        if (r.ExitCode != 0) throw new Xunit.Sdk.XunitException($"go build of {source} failed.\n{r}");
        File.Move(partial, binary, overwrite: true);
        return binary;
    }

    private static string? FindGo()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/lib/go/bin"))
        {
            string candidate = Path.Combine(dir, "go");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
