using ScriptProxy.Transforms.Debugging;
using ScriptProxy.Transforms.Mirroring;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Mirroring;

/// <summary>
/// Regression: the node-local system keyspaces (a driver's topology and schema reads) are the connected cluster's
/// own. Tee compared them with the other cluster's (FailOnMismatch made every driver fail to connect: host_id
/// differs), DualWrite with reads = Target showed the target's topology, and NullSink answered them with nothing.
/// </summary>
public class SystemKeyspaceTests
{
    private static BuiltinContext Context(NodeUpstream second) =>
        new("proxy.json", "stages[0]") { ConnectUpstream = (_, _) => ValueTask.FromResult<ScriptProxy.Transforms.Support.ISecondaryUpstream>(second) };

    [Fact]
    public async Task Tee_does_not_mirror_system_keyspace_reads()
    {
        var origin = Fixtures.Shop();
        var other = Fixtures.Shop();
        var c = Fixtures.Connect(origin);
        var tee = Stages.Create<Tee>("""{"upstream": "127.0.0.9:9042", "mismatch": "FailOnMismatch"}""", Context(new NodeUpstream(other)));

        await c.Query("SELECT * FROM system.local", tee);
        await c.Query("SELECT keyspace_name FROM system_schema.keyspaces", tee);

        Assert.Empty(other.Received);
        Assert.Equal(2, origin.Received.Count);
        Assert.Equal(0, tee.MismatchCount);
    }

    [Fact]
    public async Task DualWrite_reads_system_keyspaces_from_the_origin_even_when_reads_go_to_the_target()
    {
        var origin = Fixtures.Shop();
        var target = Fixtures.Shop();
        var c = Fixtures.Connect(origin);
        var dual = Stages.Create<DualWrite>("""{"target": "127.0.0.9:9042", "reads": "Target"}""", Context(new NodeUpstream(target)));

        await c.Query("SELECT * FROM system.peers_v2", dual);

        Assert.Empty(target.Received);
        Assert.Single(origin.Received);
    }

    [Fact]
    public async Task NullSink_lets_system_keyspace_statements_through()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var sink = Stages.Create<NullSink>("{}");

        await c.Query("SELECT * FROM system.local", sink);
        await c.Query("SELECT * FROM shop.users", sink);

        Assert.Single(node.Received);
        Assert.Equal(1, sink.SwallowedCount);
    }
}
