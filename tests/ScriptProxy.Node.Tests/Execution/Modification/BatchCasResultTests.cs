using ScriptProxy.Node.Execution.Results;

namespace ScriptProxy.Node.Tests.Execution.Modification;

/// <summary>
/// Failed LWT results in Cassandra's shape. gocql's own TestCAS found that a failed conditional batch answered one row
/// where Cassandra answers one per row its conditions read (ExecuteBatchCAS then iterates them).
/// </summary>
public sealed class BatchCasResultTests
{
    private static EngineHarness WithRows()
    {
        var h = EngineHarness.WithKeyspace();
        h.Run("CREATE TABLE t (k text, c int, v text, w int, PRIMARY KEY (k, c))");
        h.Run("INSERT INTO t (k, c, v, w) VALUES ('a', 1, 'one', 10)");
        h.Run("INSERT INTO t (k, c, v, w) VALUES ('a', 2, 'two', 20)");
        return h;
    }

    [Fact]
    public void FailedBatch_ColumnConditions_OneRowPerReadRow_WithPrimaryKeyAndConditionColumns()
    {
        var h = WithRows();
        var result = Assert.IsType<RowSet>(h.Run("""
            BEGIN BATCH
              UPDATE t SET w = 0 WHERE k = 'a' AND c = 2 IF v = 'nope';
              UPDATE t SET w = 0 WHERE k = 'a' AND c = 1 IF v = 'one';
            APPLY BATCH
            """));
        Assert.Equal(["[applied]", "k", "c", "v"], result.Columns.Select(c => c.Name).ToArray());
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal([false, "a", 1, "one"], result.Rows[0]);
        Assert.Equal([false, "a", 2, "two"], result.Rows[1]);
        Assert.Equal([10, 20], h.Rows("SELECT w FROM t WHERE k = 'a'").Rows.Select(r => (int)r[0]!).ToArray());
    }

    [Fact]
    public void FailedBatch_IfNotExists_ReportsWholeRows()
    {
        var h = WithRows();
        var result = Assert.IsType<RowSet>(h.Run("""
            BEGIN BATCH
              INSERT INTO t (k, c, v) VALUES ('a', 1, 'x') IF NOT EXISTS;
              INSERT INTO t (k, c, v) VALUES ('a', 3, 'y') IF NOT EXISTS;
            APPLY BATCH
            """));
        Assert.Equal(["[applied]", "k", "c", "v", "w"], result.Columns.Select(c => c.Name).ToArray());
        Assert.Equal([false, "a", 1, "one", 10], Assert.Single(result.Rows));
        Assert.Empty(h.Rows("SELECT * FROM t WHERE k = 'a' AND c = 3").Rows);
    }

    [Fact]
    public void FailedBatch_NoRowRead_IsAppliedAlone()
    {
        var h = WithRows();
        var result = Assert.IsType<RowSet>(h.Run("""
            BEGIN BATCH
              UPDATE t SET v = 'x' WHERE k = 'a' AND c = 7 IF EXISTS;
              UPDATE t SET v = 'y' WHERE k = 'a' AND c = 8 IF EXISTS;
            APPLY BATCH
            """));
        Assert.Equal(["[applied]"], result.Columns.Select(c => c.Name).ToArray());
        Assert.Equal([false], Assert.Single(result.Rows));
    }

    [Fact]
    public void AppliedBatch_IsAppliedTrue()
    {
        var h = WithRows();
        var result = Assert.IsType<RowSet>(h.Run("""
            BEGIN BATCH
              UPDATE t SET w = 11 WHERE k = 'a' AND c = 1 IF v = 'one';
              UPDATE t SET w = 21 WHERE k = 'a' AND c = 2 IF v = 'two';
            APPLY BATCH
            """));
        Assert.Equal([true], Assert.Single(result.Rows));
        Assert.Equal([11, 21], h.Rows("SELECT w FROM t WHERE k = 'a'").Rows.Select(r => (int)r[0]!).ToArray());
    }

    [Fact]
    public void FailedStatement_ConditionOnMissingRow_IsAppliedAlone()
    {
        var h = WithRows();
        var missing = Assert.IsType<RowSet>(h.Run("UPDATE t SET w = 0 WHERE k = 'a' AND c = 9 IF v = 'one'"));
        Assert.Equal(["[applied]"], missing.Columns.Select(c => c.Name).ToArray());
        Assert.Equal([false], Assert.Single(missing.Rows));
        var present = Assert.IsType<RowSet>(h.Run("UPDATE t SET w = 0 WHERE k = 'a' AND c = 1 IF v = 'nope'"));
        Assert.Equal(["[applied]", "v"], present.Columns.Select(c => c.Name).ToArray());
        Assert.Equal([false, "one"], Assert.Single(present.Rows));
    }
}
