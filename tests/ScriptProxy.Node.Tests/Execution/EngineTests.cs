using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Node.Execution;
using ScriptProxy.Node.Execution.Results;

namespace ScriptProxy.Node.Tests.Execution;

public sealed class EngineTests
{
    [Fact]
    public void InsertSelect_ClusteringOrderAndSlices()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)");
        for (int i = 0; i < 5; i++) h.Run($"INSERT INTO t (k, c, v) VALUES (1, {i}, 'v{i}')");
        Assert.Equal([4, 3, 2, 1, 0], h.Rows("SELECT c FROM t WHERE k = 1").Rows.Select(r => (int)r[0]!).ToArray());
        Assert.Equal([1, 2, 3], h.Rows("SELECT c FROM t WHERE k = 1 AND c > 0 AND c <= 3 ORDER BY c ASC").Rows.Select(r => (int)r[0]!).ToArray());
        Assert.Equal([3, 1], h.Rows("SELECT c FROM t WHERE k = 1 AND (c) IN ((1), (3))").Rows.Select(r => (int)r[0]!).ToArray());
    }

    [Fact]
    public void LastWriteWins_ByTimestamp_AndDeleteShadowsOlderWrites()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k int PRIMARY KEY, v text)");
        h.Run("INSERT INTO t (k, v) VALUES (1, 'b') USING TIMESTAMP 20");
        h.Run("INSERT INTO t (k, v) VALUES (1, 'a') USING TIMESTAMP 10");
        Assert.Equal("b", h.Rows("SELECT v FROM t WHERE k = 1").Rows[0][0]);
        h.Run("DELETE FROM t USING TIMESTAMP 30 WHERE k = 1");
        h.Run("INSERT INTO t (k, v) VALUES (1, 'c') USING TIMESTAMP 25");
        Assert.Empty(h.Rows("SELECT v FROM t WHERE k = 1").Rows);
        h.Run("INSERT INTO t (k, v) VALUES (1, 'd') USING TIMESTAMP 31");
        Assert.Equal("d", h.Rows("SELECT v FROM t WHERE k = 1").Rows[0][0]);
    }

    [Fact]
    public void Ttl_ExpiresOnRead()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k int PRIMARY KEY, v text)");
        // 2 s, not 1: the first read must land before expiry even if a loaded machine stalls this thread for a second.
        h.Run("INSERT INTO t (k, v) VALUES (1, 'x') USING TTL 2");
        Assert.Single(h.Rows("SELECT v FROM t").Rows);
        Thread.Sleep(2100);
        Assert.Empty(h.Rows("SELECT v FROM t").Rows);
    }

    [Fact]
    public void Paging_ResumesExactlyAfterLastRow()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))");
        for (int k = 0; k < 7; k++) for (int c = 0; c < 3; c++) h.Run($"INSERT INTO t (k, c) VALUES ({k}, {c})");
        var seen = new List<(int, int)>();
        byte[]? state = null;
        int pages = 0;
        do
        {
            var page = Assert.IsType<RowSet>(h.Run("SELECT k, c FROM t", 4, state));
            seen.AddRange(page.Rows.Select(r => ((int)r[0]!, (int)r[1]!)));
            state = page.PagingState;
            pages++;
        }
        while (state is not null);
        Assert.Equal(21, seen.Count);
        Assert.Equal(21, seen.Distinct().Count());
        Assert.Equal(6, pages);
        var all = h.Rows("SELECT k, c FROM t").Rows.Select(r => ((int)r[0]!, (int)r[1]!)).ToList();
        Assert.Equal(all, seen);
    }

    [Fact]
    public void Lwt_IfNotExists_ReturnsExistingRowWhenNotApplied()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k int PRIMARY KEY, v text)");
        var first = Assert.IsType<RowSet>(h.Run("INSERT INTO t (k, v) VALUES (1, 'a') IF NOT EXISTS"));
        Assert.Equal(true, first.Rows[0][0]);
        var second = Assert.IsType<RowSet>(h.Run("INSERT INTO t (k, v) VALUES (1, 'b') IF NOT EXISTS"));
        Assert.Equal(["[applied]", "k", "v"], second.Columns.Select(c => c.Name).ToArray());
        Assert.Equal([false, 1, "a"], second.Rows[0]);
    }

    [Fact]
    public void Ddl_ChangesSchemaVersion_AndReportsErrorsLikeCassandra()
    {
        var h = EngineHarness.WithKeyspace();
        var before = h.SchemaVersion;
        h.Run("CREATE TABLE t (k int PRIMARY KEY)");
        Assert.NotEqual(before, h.SchemaVersion);
        var exists = Assert.Throws<CqlException>(() => h.Run("CREATE TABLE t (k int PRIMARY KEY)"));
        Assert.Equal(ErrorCode.AlreadyExists, exists.Code);
        Assert.Equal(("ks", "t"), (exists.Keyspace, exists.Table));
        Assert.Equal("unconfigured table nope", Assert.Throws<CqlException>(() => h.Run("SELECT * FROM nope")).Message);
        Assert.Equal("Keyspace 'x' does not exist", Assert.Throws<CqlException>(() => h.Run("SELECT * FROM x.t")).Message);
        Assert.IsType<NoResult>(h.Run("CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)"));
    }

    [Fact]
    public void SystemSchema_ReflectsUserTables_WithLiteralWhere()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k int, c text, v list<int>, PRIMARY KEY (k, c))");
        var cols = h.Rows("SELECT column_name, kind, position, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'");
        Assert.Equal([["c", "clustering", 0, "text"], ["k", "partition_key", 0, "int"], ["v", "regular", -1, "list<int>"]],
            cols.Rows.Select(r => r.ToArray()).ToArray());
        var local = h.Rows("SELECT cluster_name, schema_version, tokens FROM system.local WHERE key = 'local'");
        Assert.Equal(h.SchemaVersion, local.Rows[0][1]);
        var prepared = h.Rows("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", "system_schema");
        Assert.Single(prepared.Rows);
    }
}
