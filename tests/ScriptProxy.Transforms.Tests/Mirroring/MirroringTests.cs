using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Mirroring;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Mirroring;

public class MirroringTests
{
    private static CqlValueSlice Int(int v) => new(CqlValueCodec.Serialize(CqlType.Int, v, 4));

    private static CqlValueSlice Text(string v) => new(System.Text.Encoding.UTF8.GetBytes(v));

    private static BuiltinContext Context(NodeUpstream second) =>
        new("proxy.json", "stages[0]") { ConnectUpstream = (_, _) => ValueTask.FromResult<ScriptProxy.Transforms.Support.ISecondaryUpstream>(second) };

    [Fact]
    public async Task Tee_sends_writes_to_both_clusters_and_maps_prepared_ids()
    {
        var origin = Fixtures.Shop();
        var other = Fixtures.Shop();
        other.Name = "other";
        var c = Fixtures.Connect(origin, null);
        var tee = Stages.Create<Tee>("""{"upstream": "127.0.0.9:9042"}""", Context(new NodeUpstream(other)));

        await c.Query("USE shop", tee);
        await c.Query("INSERT INTO users (id, name) VALUES (1, 'ann')", tee);
        var insert = await c.Prepare("INSERT INTO users (id, name) VALUES (?, ?)", tee);
        Assert.IsType<VoidResult>(await c.Execute(insert, [Int(2), Text("bob")], tee));

        Assert.Equal(2, origin.RowCount("shop", "users"));
        Assert.Equal(2, other.RowCount("shop", "users"));
    }

    [Fact]
    public async Task Tee_mismatch_behaviour_and_result_source_switch_at_run_time()
    {
        var origin = Fixtures.Shop();
        var other = Fixtures.Shop();
        var c = Fixtures.Connect(origin);
        await c.Query("INSERT INTO users (id, name) VALUES (1, 'ann')"); // only on the origin
        var tee = Stages.Create<Tee>("""{"upstream": "127.0.0.9:9042", "mismatch": "LogOnMismatch"}""", Context(new NodeUpstream(other)));
        await c.Query("USE shop", tee);

        Assert.Equal(1, Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", tee)).RowCount);
        Assert.Equal(1, tee.MismatchCount);

        tee.Mismatch = TeeMismatch.FailOnMismatch;
        Stages.AssertError(await c.Query("SELECT * FROM users", tee), ErrorCode.ServerError, "row counts differ: 1 vs 0");

        tee.Mismatch = TeeMismatch.Ignore;
        tee.ResultSource = TeeResultSource.Secondary;
        Assert.Equal(0, Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", tee)).RowCount);
    }

    [Fact]
    public async Task Tee_survives_a_failing_secondary_when_the_primary_is_the_source()
    {
        var second = new NodeUpstream(Fixtures.Shop()) { Fail = true };
        var c = Fixtures.Connect(Fixtures.Shop());
        var tee = Stages.Create<Tee>("""{"upstream": "127.0.0.9:9042"}""", Context(second));
        Assert.IsType<VoidResult>(await c.Query("INSERT INTO users (id) VALUES (1)", tee));
    }

    [Fact]
    public async Task DualWrite_writes_to_both_reads_from_the_configured_side_and_reports_target_failures()
    {
        var origin = Fixtures.Shop();
        var target = Fixtures.Shop();
        target.Name = "target";
        var c = Fixtures.Connect(origin, null);
        var dual = Stages.Create<DualWrite>("""{"target": "127.0.0.9:9042"}""", Context(new NodeUpstream(target)));

        await c.Query("USE shop", dual);
        var insert = await c.Prepare("INSERT INTO users (id, name) VALUES (?, ?)", dual);
        await c.Execute(insert, [Int(1), Text("ann")], dual);
        await c.Run(new BatchRequest(BatchType.Logged, [BatchStatement.ForPrepared(insert.Id, [Int(2), Text("bob")])], Consistency.One), dual);
        Assert.Equal(2, origin.RowCount("shop", "users"));
        Assert.Equal(2, target.RowCount("shop", "users"));

        await c.Query("DELETE FROM users WHERE id = 2"); // origin only, behind DualWrite's back
        var select = await c.Prepare("SELECT * FROM users", dual);
        Assert.Equal(1, Assert.IsType<RowsResult>(await c.Execute(select, [], dual)).RowCount);
        dual.Reads = DualWriteReads.Target;
        Assert.Equal(2, Assert.IsType<RowsResult>(await c.Execute(select, [], dual)).RowCount);

        // A write the target refuses fails for the client too, so the clusters do not silently diverge.
        target.CreateTable("shop", "only_origin", ("id", CqlType.Int));
        origin.CreateTable("shop", "only_origin2", ("id", CqlType.Int));
        Stages.AssertError(await c.Query("INSERT INTO only_origin2 (id) VALUES (1)", dual), ErrorCode.Invalid, "DualWrite: the target cluster 127.0.0.9:9042 failed: unconfigured table only_origin2");
    }

    [Fact]
    public void A_second_cluster_needs_host_support_and_an_endpoint()
    {
        Assert.Contains("'stages[0].upstream': is required", Assert.Throws<TransformConfigException>(() => Stages.Create("Tee", "{}")).Message);
        Assert.Contains("does not provide", Assert.Throws<TransformConfigException>(() => Stages.Create("DualWrite", """{"target": "10.0.0.1:9042"}""")).Message);
        Assert.Contains("expected \"host:port\"", Assert.Throws<TransformConfigException>(() => Stages.Create("Tee", """{"upstream": "nohost"}""", Context(new NodeUpstream(new TestNode())))).Message);
    }
}
