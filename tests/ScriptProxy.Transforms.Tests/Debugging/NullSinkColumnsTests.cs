using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Transforms.Debugging;
using ScriptProxy.Transforms.Tests.Support;

namespace ScriptProxy.Transforms.Tests.Debugging;

/// <summary>
/// Regression: NullSink answered reads with a result of zero columns, which the Python driver cannot parse
/// ("Invalid shape in axis 0: 0"). An empty result now has the PREPARE's columns, or one placeholder column.
/// </summary>
public class NullSinkColumnsTests
{
    [Fact]
    public async Task Prepared_reads_get_the_prepared_columns_simple_reads_a_placeholder()
    {
        var node = Fixtures.Shop();
        var c = Fixtures.Connect(node);
        var sink = Stages.Create<NullSink>("{}");

        var select = await c.Prepare("SELECT id, name FROM users WHERE id = ?", sink);
        var prepared = Assert.IsType<RowsResult>(await c.Execute(select, [], sink));
        Assert.Equal(0, prepared.RowCount);
        Assert.Equal(["id", "name"], prepared.Columns!.Select(col => col.Name));

        var simple = Assert.IsType<RowsResult>(await c.Query("SELECT * FROM users", sink));
        Assert.Equal(0, simple.RowCount);
        Assert.Equal("[null_sink]", Assert.Single(simple.Columns!).Name);
    }
}
