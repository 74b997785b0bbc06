using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Observability;

namespace ScriptProxy.Host.Tests.Transforms.Observability;

/// <summary>QueryCounter with the real Python driver through the proxy: the counts equal the traffic sent.</summary>
[Collection(TransformCollection.Name)]
public sealed class QueryCounterTests
{
    [Fact]
    public async Task PythonDriver_CountsByKindKeyspaceAndTable()
    {
        await using var bed = await TransformBed.StartAsync("""[{"builtin": "QueryCounter", "counterName": "app"}]""");
        var j = await bed.RunAsync("transforms_observability.py", "QueryCounter");
        Assert.True(j.GetProperty("error_seen").GetBoolean());
        var snapshot = bed.Stage<QueryCounter>().Snapshot();
        string all = string.Join("\n", snapshot);
        var counts = snapshot.Where(c => c.Keyspace == "qc").ToDictionary(c => (c.Kind, c.Table));
        Assert.True(counts.ContainsKey((StatementKind.Schema, "a")), all);
        // 7 EXECUTEs + the BATCH (counted under its first child's table), 3 simple INSERTs.
        Assert.Equal(8, counts[(StatementKind.Write, "a")].Requests);
        Assert.Equal(3, counts[(StatementKind.Write, "b")].Requests);
        Assert.Equal(5, counts[(StatementKind.Read, "a")].Requests);
        Assert.Equal(5, counts[(StatementKind.Read, "b")].Requests);
        Assert.Equal(1, counts[(StatementKind.Read, "b")].Errors);
        Assert.Equal(0, counts[(StatementKind.Write, "a")].Errors);
        Assert.Equal(1, counts[(StatementKind.Schema, "a")].Requests);
        Assert.Equal(1, counts[(StatementKind.Schema, "b")].Requests);
        Assert.Contains(bed.Stage<QueryCounter>().Snapshot(), c => c.Keyspace.StartsWith("system", StringComparison.Ordinal) && c.Kind == StatementKind.Read);
    }
}
