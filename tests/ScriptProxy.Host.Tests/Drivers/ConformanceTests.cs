using System.Net;
using System.Text.Json;
using ScriptProxy.Host.Tests.Support;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Drivers;

/// <summary>
/// The real-driver conformance suite: each driver runs one scenario list (schema, CRUD on every type, collections, UDTs,
/// prepared statements, batches, paging, LWT, errors with codes, SCHEMA_CHANGE events, per protocol version and
/// compression) once directly against a fresh embedded node and once through the proxy running the sample stages.
/// The scripts print a normalized JSON document; the two documents must be identical byte for byte.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    public static TheoryData<string, string> PythonCases => new()
    {
        { "default", "none" },
        { "5", "lz4" },
        { "4", "lz4" },
        { "4", "snappy" },
        { "3", "none" },
    };

    [Theory]
    [MemberData(nameof(PythonCases))]
    public async Task PythonDriver_DirectAndThroughProxy_IdenticalResults(string protocol, string compression)
    {
        var (direct, proxied) = await RunBothAsync(port => DriverProcess.PythonAsync("conform.py", Timeout, port, protocol, compression));
        using var doc = JsonDocument.Parse(direct);
        var j = doc.RootElement;
        Assert.Equal(protocol == "default" ? 5 : int.Parse(protocol), j.GetProperty("protocol").GetInt32());
        Assert.Equal(3, j.GetProperty("alltypes").GetArrayLength());
        Assert.Equal(2503, j.GetProperty("paging").GetProperty("rows").GetInt32());
        Assert.True(j.GetProperty("events").GetArrayLength() >= 15, "SCHEMA_CHANGE events were pushed to the registered connection");
        Assert.Equal(8192, j.GetProperty("errors").GetProperty("syntax").GetProperty("code").GetInt32());
        AssertIdentical(direct, proxied);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("3")]
    public async Task NodeJsDriver_DirectAndThroughProxy_IdenticalResults(string protocol)
    {
        Assert.True(Directory.Exists(Path.Combine(DriverProcess.RepoRoot, "tests/drivers/node/node_modules/cassandra-driver")),
            "cassandra-driver is not installed: run `npm install` in tests/drivers/node (./test.sh does it)");
        var (direct, proxied) = await RunBothAsync(port => DriverProcess.NodeJsAsync("conform.js", Timeout, port, protocol));
        using var doc = JsonDocument.Parse(direct);
        var j = doc.RootElement;
        Assert.Equal(protocol == "default" ? 4 : int.Parse(protocol), j.GetProperty("protocol").GetInt32());
        Assert.Equal(1202, j.GetProperty("paging").GetProperty("rows").GetInt32());
        Assert.True(j.GetProperty("events").GetArrayLength() >= 8, "SCHEMA_CHANGE events reached the control connection");
        Assert.Equal(8704, j.GetProperty("errors").GetProperty("unknownKeyspace").GetProperty("code").GetInt32());
        AssertIdentical(direct, proxied);
    }

    /// <summary>Runs the scenario against a fresh node, then through a fresh proxy with the sample stages; returns both documents.</summary>
    private static async Task<(string Direct, string Proxied)> RunBothAsync(Func<string, Task<DriverProcess.Result>> run)
    {
        string direct;
        await using (var node = new EmbeddedNode())
        {
            await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
            direct = Document(await run(node.LocalEndPoint!.Port.ToString()));
        }
        await using var stages = await SampleStagesProxy.StartAsync();
        string proxied = Document(await run(stages.Proxy.EndPoint.Port.ToString()));
        var status = stages.Proxy.Stages!.Manager.Status();
        Assert.All(status, s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.LastFault}"));
        Assert.All(status, s => Assert.True(s.Invocations > 100, $"{s.Name} ran {s.Invocations} times: the scenario did not go through the stages"));
        return (direct, proxied);
    }

    private static string Document(DriverProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Split('\n').Last(l => l.TrimStart().StartsWith('{')).Trim();
    }

    /// <summary>Equal documents, or a failure naming the first top-level key whose value differs.</summary>
    private static void AssertIdentical(string direct, string proxied)
    {
        if (direct == proxied) return;
        using var a = JsonDocument.Parse(direct);
        using var b = JsonDocument.Parse(proxied);
        foreach (var p in a.RootElement.EnumerateObject())
        {
            string other = b.RootElement.TryGetProperty(p.Name, out var q) ? q.GetRawText() : "(missing)";
            if (p.Value.GetRawText() != other)
                Assert.Fail($"'{p.Name}' differs.\ndirect:  {p.Value.GetRawText()}\nproxied: {other}");
        }
        Assert.Fail($"documents differ outside the direct run's keys.\ndirect:  {direct}\nproxied: {proxied}");
    }
}
