using System.Text.RegularExpressions;

namespace ScriptProxy.Testing;

/// <summary>
/// gocql's own integration tests (cassandra_test.go, integration_test.go, batch_test.go, udt_test.go, tuple_test.go,
/// ... from Debian's package) run against a server at 127.0.0.1:PORT with protocol v4. Every test must pass except
/// the ones that need what the embedded node does not model or a specially configured Cassandra, listed with why.
/// </summary>
public static partial class GocqlSuite
{
    /// <summary>Tests that cannot pass here, and why; any other failure fails the run.</summary>
    public static IReadOnlyDictionary<string, string> Unsupported { get; } = new Dictionary<string, string>
    {
        ["TestMaterializedViewMetadata"] = "materialized views are not modelled",
        ["TestAggregateMetadata"] = "UDFs/UDAs are not modelled (CREATE FUNCTION)",
        ["TestFunctionMetadata"] = "UDFs/UDAs are not modelled (CREATE FUNCTION)",
        ["TestKeyspaceMetadata"] = "creates UDFs and materialized views",
        ["TestUDF"] = "UDFs/UDAs are not modelled (CREATE FUNCTION)",
        ["TestDiscoverViaProxy"] = "its TCP proxy dials Cassandra on port 9042, not the server under test",
        ["TestWriteFailure"] = "needs a Cassandra configured to fail writes",
        ["TestCustomPayloadMessages"] = "needs Cassandra's CustomPayloadMirroringQueryHandler",
        ["TestCustomPayloadValues"] = "needs Cassandra's CustomPayloadMirroringQueryHandler",
    };

    public sealed record Outcome(IReadOnlyList<string> Passed, IReadOnlyList<string> Failed, DriverProcess.Result Run);

    public static async Task<Outcome> RunAsync(int port, TimeSpan timeout)
    {
        string binary = await GoProgramBuilder.BuildGocqlSuiteAsync();
        var r = await DriverProcess.RunAsync(binary,
            ["-test.v", "-test.timeout", $"{(int)timeout.TotalSeconds - 10}s", "-cluster", $"127.0.0.1:{port}", "-proto", "4",
             "-gocql.cversion", "4.0.11", "-autowait", "2s", "-gocql.timeout", "30s"],
            timeout, GoProgramBuilder.GocqlSource);
        var passed = Result().Matches(r.Stdout).Where(m => m.Groups[1].Value == "PASS").Select(m => m.Groups[2].Value).ToList();
        var failed = Result().Matches(r.Stdout).Where(m => m.Groups[1].Value == "FAIL").Select(m => m.Groups[2].Value).ToList();
        return new Outcome(passed, failed, r);
    }

    /// <summary>No failure outside <see cref="Unsupported"/>, the run finished, and the tests that found node bugs passed.</summary>
    public static void Assert(Outcome outcome)
    {
        var unexpected = outcome.Failed.Where(t => !Unsupported.ContainsKey(t)).ToList();
        Xunit.Assert.True(unexpected.Count == 0, $"gocql tests failed: {string.Join(", ", unexpected)}\n{Excerpt(outcome.Run)}");
        Xunit.Assert.True(outcome.Run.Stdout.Contains("\nFAIL\n") || outcome.Run.Stdout.Contains("\nPASS\n"), $"the suite did not finish\n{Excerpt(outcome.Run)}");
        Xunit.Assert.True(outcome.Passed.Count >= 140, $"{outcome.Passed.Count} gocql tests passed\n{Excerpt(outcome.Run)}");
        foreach (var test in new[] { "TestCAS", "TestTracing", "TestBatch_Errors", "TestGetKeyspaceMetadata", "TestTokenAwareConnPool" })
            Xunit.Assert.Contains(test, outcome.Passed);
    }

    private static string Excerpt(DriverProcess.Result r) =>
        string.Join('\n', r.Stdout.Split('\n').Where(l => !l.StartsWith("--- PASS", StringComparison.Ordinal) && !l.StartsWith("=== RUN", StringComparison.Ordinal)).TakeLast(120))
        + "\nstderr:\n" + r.Stderr;

    [GeneratedRegex(@"^--- (PASS|FAIL|SKIP): (\S+)", RegexOptions.Multiline)]
    private static partial Regex Result();
}
