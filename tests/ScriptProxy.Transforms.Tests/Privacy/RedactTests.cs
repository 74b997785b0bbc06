using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Privacy;

public class RedactTests
{
    private static string? Text(RowsResult rows, int row, string column) =>
        rows.GetCell(row, column) is { HasBytes: true } c ? (string?)CqlValueCodec.Decode(CqlType.Text, c.Bytes.Span, 4) : null;

    [Fact]
    public async Task Configured_columns_are_masked_and_others_are_not()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        await c.Query("INSERT INTO users (id, name, email, age) VALUES (1, 'ann', 'ann@example.com', 41)");
        await c.Query("INSERT INTO users (id, name) VALUES (2, 'bob')");
        var stage = Stages.Create("Redact", """{"columns": ["users.email", "shop.users.age"], "mask": "***", "keepLast": 4}""");

        var rows = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", stage));

        Assert.Equal("***.com", Text(rows, 0, "email"));
        Assert.Equal("ann", Text(rows, 0, "name"));
        Assert.True(rows.GetCell(0, "age").IsNull); // non-text columns are nulled, not faked
        Assert.True(rows.GetCell(1, "email").IsNull); // a null stays null
        // The stored data is untouched.
        Assert.Equal("ann@example.com", System.Text.Encoding.UTF8.GetString(node.RawCell("shop", "users", 1, "email")!));
    }

    [Fact]
    public async Task Other_tables_are_left_alone()
    {
        var c = Fixtures.Connect(Fixtures.Shop());
        await c.Query("INSERT INTO orders (id, item) VALUES (1, 'book')");
        var stage = Stages.Create("Redact", """{"columns": ["users.item"]}""");
        var rows = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM orders", stage));
        Assert.Equal("book", Text(rows, 0, "item"));
    }

    [Fact]
    public void Column_patterns_are_validated()
    {
        var e = Assert.Throws<TransformConfigException>(() => Stages.Create("Redact", """{"columns": ["a.b.c.d"]}"""));
        Assert.Contains("'stages[0].columns[0]'", e.Message);
    }
}
