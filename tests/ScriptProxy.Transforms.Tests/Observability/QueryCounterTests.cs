using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Observability;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Observability;

public class QueryCounterTests
{
    [Fact]
    public async Task Counts_by_kind_keyspace_and_table_including_prepared_executions_and_errors()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        var counter = Stages.Create<QueryCounter>("{}");

        await c.Query("SELECT * FROM users", counter);
        await c.Query("SELECT * FROM shop.orders", counter);
        await c.Query("INSERT INTO users (id) VALUES (1)", counter);
        var prepared = await c.Prepare("INSERT INTO users (id) VALUES (?)", counter);
        await c.Execute(prepared, [new CqlValueSlice(new byte[] { 0, 0, 0, 2 })], counter);
        await c.Query("SELECT * FROM nope", counter);

        var snapshot = counter.Snapshot();
        Assert.Contains(new QueryCount(StatementKind.Read, "shop", "users", 1, 0), snapshot);
        Assert.Contains(new QueryCount(StatementKind.Read, "shop", "orders", 1, 0), snapshot);
        Assert.Contains(new QueryCount(StatementKind.Write, "shop", "users", 2, 0), snapshot);
        Assert.Contains(new QueryCount(StatementKind.Read, "shop", "nope", 1, 1), snapshot);
        Assert.Equal(3, counter.Total(StatementKind.Read));
        Assert.DoesNotContain(snapshot, s => s.Kind == StatementKind.Other); // PREPARE is not counted by default
        counter.Reset();
        Assert.Empty(counter.Snapshot());
    }
}
