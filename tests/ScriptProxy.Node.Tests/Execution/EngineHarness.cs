using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Server;

namespace ScriptProxy.Node.Tests.Execution;

/// <summary>Runs CQL text straight against a node's executor (no protocol), with a current keyspace like a session.</summary>
internal sealed class EngineHarness
{
    private readonly NodeCore _core = new(new EmbeddedNodeOptions());

    public string? Keyspace { get; set; }

    public ExecutionResult Run(string cql, int pageSize = 0, byte[]? pagingState = null, params object?[] values)
    {
        var parsed = _core.Parse(cql);
        var result = _core.Executor.Execute(parsed.Statement, new QueryContext
        {
            Keyspace = Keyspace, PageSize = pageSize, PagingState = pagingState, Values = new BoundValues(values),
        });
        if (result is KeyspaceSet ks) Keyspace = ks.Keyspace;
        return result;
    }

    public RowSet Rows(string cql, params object?[] values) => Assert.IsType<RowSet>(Run(cql, 0, null, values));

    public static EngineHarness WithKeyspace()
    {
        var h = new EngineHarness();
        h.Run("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        h.Run("USE ks");
        return h;
    }

    public Guid SchemaVersion => _core.Schema.Current.Version;
}
