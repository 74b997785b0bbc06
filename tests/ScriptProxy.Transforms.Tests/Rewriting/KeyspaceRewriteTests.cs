using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Rewriting;

public class KeyspaceRewriteTests
{
    private static TestNode Staging()
    {
        var node = new TestNode();
        node.CreateTable("shop_staging", "users", ("id", CqlType.Int), ("name", CqlType.Text));
        return node;
    }

    private static readonly string Config = """{"map": {"shop": "shop_staging"}}""";

    [Fact]
    public async Task Qualified_names_are_rewritten_and_results_show_the_clients_keyspace()
    {
        var node = Staging();
        var c = Fixtures.Connect(node, keyspace: null);
        var stage = Stages.Create("KeyspaceRewrite", Config);

        Assert.IsType<VoidResult>(await c.Query("INSERT INTO shop.users (id, name) VALUES (1, 'shop.users')", stage));
        var rows = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM shop.users WHERE id = 1", stage));

        Assert.Equal("INSERT INTO shop_staging.users (id, name) VALUES (1, 'shop.users')", ((QueryRequest)node.Received[0]).Query);
        Assert.Equal(1, rows.RowCount);
        Assert.All(rows.Columns!, col => Assert.Equal("shop", col.Keyspace));
        // The literal that spells the keyspace is data, not a name: untouched.
        Assert.Equal("shop.users", CqlValueCodec.Decode(CqlType.Text, rows.GetCell(0, "name").Bytes.Span, 4));
    }

    [Fact]
    public async Task Use_is_rewritten_and_the_set_keyspace_result_is_mapped_back()
    {
        var node = Staging();
        var c = Fixtures.Connect(node, keyspace: null);
        var stage = Stages.Create("KeyspaceRewrite", Config);

        var r = Assert.IsType<SetKeyspaceResult>(await c.Query("USE \"shop\"", stage));

        Assert.Equal("shop", r.Keyspace);
        Assert.Equal("shop_staging", node.Keyspace);
    }

    [Fact]
    public async Task Prepared_statements_and_text_batches_are_rewritten()
    {
        var node = Staging();
        var c = Fixtures.Connect(node, keyspace: null);
        var stage = Stages.Create("KeyspaceRewrite", Config);

        var prepared = await c.Prepare("SELECT name FROM shop.users WHERE id = ?", stage);
        Assert.All(prepared.Variables.Columns, col => Assert.Equal("shop", col.Keyspace));
        var batch = new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("INSERT INTO shop.users (id, name) VALUES (7, 'x')")], Consistency.One);
        Assert.IsType<VoidResult>(await c.Run(batch, stage));
        var rows = Assert.IsType<RowsResult>(await c.Execute(prepared, [new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Int, 7, 4))], stage));

        Assert.Equal(1, rows.RowCount);
        Assert.Equal(1, node.RowCount("shop_staging", "users"));
    }

    [Fact]
    public void Text_rewrite_touches_only_keyspace_positions()
    {
        var map = new Transforms.Rewriting.KeyspaceMap([new("shop", "Shop2")]);
        Assert.Equal("SELECT shop FROM \"Shop2\".shop WHERE shop = 'shop.x' -- shop.y", map.RewriteText("SELECT shop FROM shop.shop WHERE shop = 'shop.x' -- shop.y"));
        Assert.Equal("CREATE KEYSPACE IF NOT EXISTS \"Shop2\" WITH replication = {}", map.RewriteText("CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {}"));
        string untouched = "SELECT * FROM other.users";
        Assert.Same(untouched, map.RewriteText(untouched));
    }

    [Fact]
    public void Map_is_required()
    {
        var e = Assert.Throws<TransformConfigException>(() => Stages.Create("KeyspaceRewrite", """{"map": {"a": 1}}"""));
        Assert.Contains("'stages[0].map.a': expected the cluster's keyspace name, got 1", e.Message);
        Assert.Throws<TransformConfigException>(() => Stages.Create("KeyspaceRewrite", "{}"));
    }
}
