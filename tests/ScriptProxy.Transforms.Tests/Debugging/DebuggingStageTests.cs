using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Debugging;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Debugging;

public class DebuggingStageTests
{
    [Fact]
    public async Task NullSink_answers_statements_without_the_upstream_but_lets_prepare_through()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var sink = Stages.Create<NullSink>("{}");

        Assert.IsType<VoidResult>(await c.Query("INSERT INTO users (id) VALUES (1)", sink));
        Assert.Equal(0, Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", sink)).RowCount);
        await c.Prepare("SELECT * FROM users WHERE id = ?", sink);

        Assert.Equal(0, node.RowCount("shop", "users"));
        Assert.Single(node.Received); // only the PREPARE
        Assert.Equal(2, sink.SwallowedCount);
        Assert.Contains("takes no settings", Assert.Throws<TransformConfigException>(() => Stages.Create("NullSink", """{"x": 1}""")).Message);
    }

    [Fact]
    public async Task DebugReturner_answers_matching_statements_with_configured_rows()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var stage = Stages.Create("DebugReturner", """
            {"match": "^SELECT .* FROM users", "response": {"rows": {
              "columns": [{"name": "id", "type": "int"}, {"name": "tags", "type": "list<text>"}, {"name": "at", "type": "timestamp"}],
              "values": [[1, ["a", "b"], "2024-01-02T03:04:05Z"], [2, [], null]]}}}
            """);

        var rows = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", stage));
        Assert.Equal(2, rows.RowCount);
        Assert.Equal(new List<object?> { "a", "b" }, CqlValueCodec.Decode(rows.Columns![1].Type, rows.GetCell(0, 1).Bytes.Span, 4));
        Assert.Equal(DateTimeOffset.Parse("2024-01-02T03:04:05Z"), CqlValueCodec.Decode(CqlType.Timestamp, rows.GetCell(0, 2).Bytes.Span, 4));
        Assert.Empty(node.Received);
        Assert.IsType<VoidResult>(await c.Query("INSERT INTO users (id) VALUES (1)", stage)); // not matched: passes
    }

    [Fact]
    public async Task DebugReturner_can_answer_errors_and_void()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var overloaded = Stages.Create("DebugReturner", """{"response": {"error": {"code": "Overloaded", "message": "try later"}}}""");
        Stages.AssertError(await c.Query("SELECT * FROM users", overloaded), ErrorCode.Overloaded, "try later");
        Assert.IsType<VoidResult>(await c.Query("SELECT * FROM users", Stages.Create("DebugReturner", """{"response": "void"}""")));

        Assert.Contains("'stages[0].response.rows.values[0][0]': expected a JSON value for CQL type int",
            Assert.Throws<TransformConfigException>(() => Stages.Create("DebugReturner", """{"response": {"rows": {"columns": [{"name": "a", "type": "int"}], "values": [["x"]]}}}""")).Message);
        Assert.Contains("carries details", Assert.Throws<TransformConfigException>(() => Stages.Create("DebugReturner", """{"response": {"error": {"code": "ReadTimeout"}}}""")).Message);
    }

    [Fact]
    public async Task DebugPrinter_logs_request_and_response_and_changes_nothing()
    {
        var logs = new ListLogger();
        var c = Fixtures.Connect(Fixtures.Shop());
        var context = new BuiltinContext("proxy.json", "stages[0]") { LoggerFactory = logs };
        var stage = Stages.Create("DebugPrinter", """{"maxQueryLength": 10}""", context);

        await c.Query("SELECT * FROM users WHERE id = 1", stage);
        await c.Query("SELECT * FROM nope", stage);

        Assert.Contains(logs.Lines, l => l.Contains("-> Query Read shop.users One SELECT * F…"));
        Assert.Contains(logs.Lines, l => l.Contains("<- 0 rows in"));
        Assert.Contains(logs.Lines, l => l.Contains("<- ERROR Invalid unconfigured table nope"));
    }

    [Fact]
    public async Task Coalesce_releases_a_group_when_the_count_is_reached()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var stage = Stages.Create<Coalesce>("""{"flushWhenBuffered": 3, "flushWhenMillisSinceLastFlush": 60000}""");

        var first = c.Query("SELECT * FROM users", stage);
        var second = new TestConnection(c.Node) { Keyspace = "shop" }.Query("SELECT * FROM users", stage);
        await Task.Delay(50);
        Assert.False(first.IsCompleted); // held back until the group is full
        Assert.False(second.IsCompleted);
        var third = new TestConnection(c.Node) { Keyspace = "shop" }.Query("SELECT * FROM users", stage);

        await Task.WhenAll(first, second, third).WaitAsync(TimeSpan.FromSeconds(30)); // a hang guard, not a deadline
        Assert.Equal(1, stage.FlushCount);
    }

    [Fact]
    public async Task Coalesce_releases_a_lone_request_when_the_time_passes()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var stage = Stages.Create<Coalesce>("""{"flushWhenMillisSinceLastFlush": 20}""");
        Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", stage).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
