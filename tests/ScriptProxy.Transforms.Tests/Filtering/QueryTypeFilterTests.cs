using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Filtering;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Filtering;

public class QueryTypeFilterTests
{
    private static CqlValueSlice Int(int v) => new(BitConverter.GetBytes(v).Reverse().ToArray());

    private static CqlValueSlice Text(string v) => new(System.Text.Encoding.UTF8.GetBytes(v));

    [Fact]
    public async Task Write_deny_rejects_a_plain_insert_with_unauthorized_and_a_clear_message()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var filter = Stages.Create("QueryTypeFilter", """{"builtin": "QueryTypeFilter", "deny": ["Write"]}""");

        var r = await c.Query("INSERT INTO shop.users (id, name) VALUES (1, 'ann')", filter);

        Stages.AssertError(r, ErrorCode.Unauthorized, "Write on shop.users is denied");
        Assert.Empty(node.Received);
    }

    [Fact]
    public async Task Write_deny_rejects_a_prepared_insert_at_execute_even_when_prepare_was_let_through()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        // checkPrepare off: the PREPARE reaches the node, so only the EXECUTE classification stands between the
        // client and the write (the hole shotover has: it calls every EXECUTE a read).
        var filter = Stages.Create("QueryTypeFilter", """{"deny": ["Write"], "checkPrepare": false}""");
        var prepared = await c.Prepare("INSERT INTO users (id, name) VALUES (?, ?)", filter);

        var r = await c.Execute(prepared, [Int(1), Text("eve")], filter);

        Stages.AssertError(r, ErrorCode.Unauthorized, "Write");
        Assert.Equal(0, node.RowCount("shop", "users"));
        Assert.DoesNotContain(node.Received, m => m is ExecuteRequest);
    }

    [Fact]
    public async Task Write_deny_rejects_preparing_a_write_by_default_and_allows_preparing_a_read()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var filter = Stages.Create("QueryTypeFilter", """{"deny": ["Write"]}""");

        Stages.AssertError(await c.Run(new PrepareRequest("UPDATE users SET name = ? WHERE id = ?"), filter), ErrorCode.Unauthorized, "preparing a Write");
        var select = await c.Prepare("SELECT * FROM users WHERE id = ?", filter);
        Assert.IsType<RowsResult>(await c.Execute(select, [Int(1)], filter));
    }

    [Fact]
    public async Task Write_deny_rejects_a_batch_by_its_children_and_lets_reads_through()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var filter = Stages.Create("QueryTypeFilter", """{"deny": "Write"}""");

        var batch = new BatchRequest(BatchType.Logged, [BatchStatement.ForQuery("INSERT INTO shop.users (id) VALUES (1)")], Consistency.One);
        Stages.AssertError(await c.Run(batch, filter), ErrorCode.Unauthorized);
        Stages.AssertError(await c.Query("BEGIN BATCH DELETE FROM shop.users WHERE id = 1; APPLY BATCH", filter), ErrorCode.Unauthorized);
        Assert.IsType<RowsResult>(await c.Query("SELECT * FROM shop.users", filter));
    }

    [Fact]
    public async Task Allow_list_of_reads_denies_writes_and_schema_changes_but_not_use()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var filter = Stages.Create("QueryTypeFilter", """{"allow": ["Read"], "errorCode": "Invalid"}""");

        Assert.IsType<RowsResult>(await c.Query("SELECT name FROM users WHERE id = 1", filter));
        Stages.AssertError(await c.Query("DELETE FROM users WHERE id = 1", filter), ErrorCode.Invalid);
        Stages.AssertError(await c.Query("CREATE TABLE shop.t (k int PRIMARY KEY)", filter), ErrorCode.Invalid, "SchemaChange on shop.t");
        Assert.IsType<SetKeyspaceResult>(await c.Query("USE shop", filter));
    }

    [Fact]
    public async Task Scope_restricts_the_rule_to_listed_tables()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var filter = Stages.Create("QueryTypeFilter", """{"deny": ["ReadWrite"], "tables": ["shop.orders"]}""");

        Stages.AssertError(await c.Query("SELECT * FROM orders", filter), ErrorCode.Unauthorized, "Read on shop.orders");
        Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", filter));
    }

    [Fact]
    public async Task Schema_change_deny_blocks_ddl_only()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var filter = Stages.Create("QueryTypeFilter", """{"deny": ["SchemaChange"]}""");
        Stages.AssertError(await c.Query("DROP TABLE shop.users", filter), ErrorCode.Unauthorized, "SchemaChange");
        Assert.IsType<VoidResult>(await c.Query("INSERT INTO users (id) VALUES (3)", filter));
    }

    [Theory]
    [InlineData("""{"deny": ["Wrte"]}""", "'stages[0].deny[0]': expected one of: Read, Write, ReadWrite, SchemaChange, got \"Wrte\"")]
    [InlineData("""{"deny": ["Write"], "allow": ["Read"]}""", "exactly one of")]
    [InlineData("""{}""", "exactly one of")]
    [InlineData("""{"deny": ["Write"], "errorCode": "Overloaded"}""", "'stages[0].errorCode': expected \"Unauthorized\" or \"Invalid\"")]
    [InlineData("""{"deny": ["Write"], "tabels": []}""", "'stages[0].tabels': unknown key")]
    public void Configuration_errors_name_the_file_the_key_and_what_was_expected(string json, string expected)
    {
        var e = Assert.Throws<TransformConfigException>(() => Stages.Create("QueryTypeFilter", json));
        Assert.StartsWith("proxy.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Unknown_builtin_names_list_the_known_ones()
    {
        var e = Assert.Throws<TransformConfigException>(() => Stages.Create("QueryFilter", "{}"));
        Assert.Contains("'stages[0].builtin': unknown built-in stage \"QueryFilter\"", e.Message);
        Assert.Contains("QueryTypeFilter", e.Message);
        Assert.IsType<QueryTypeFilter>(Stages.Create("querytypefilter", """{"builtin": "querytypefilter", "deny": "Read"}"""));
    }
}
