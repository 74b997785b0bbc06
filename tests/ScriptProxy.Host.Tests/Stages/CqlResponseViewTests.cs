using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Tests.Stages;

public sealed class CqlResponseViewTests
{
    private static Frame Rows()
    {
        var metadata = new RowsMetadata([new ColumnSpec("ks", "users", "name", CqlType.Text), new ColumnSpec("ks", "users", "ssn", CqlType.Text)]);
        var rows = new[] { "ann", "bob" }.Select(n => (IReadOnlyList<CqlValueSlice>)[
            new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Text, n, 4)), new CqlValueSlice(CqlValueCodec.Serialize(CqlType.Text, "123-" + n, 4))]);
        return FrameEncoder.ToFrame(4, true, FrameFlags.None, 3, RowsResult.Create(metadata, rows));
    }

    [Fact]
    public void Rows_ReadByName_SetCellReencodes()
    {
        using var frame = Rows();
        var view = new CqlResponseView(frame);
        Assert.Equal(2, view.RowCount);
        Assert.Equal(["name", "ssn"], view.Columns.Select(c => c.Name));
        Assert.Equal("123-bob", view.GetCell(1, "ssn"));
        Assert.Same(frame, view.ToFrame());
        for (int i = 0; i < view.RowCount; i++) view.SetCell(i, "ssn", "***");
        using var changed = view.ToFrame();
        var rows = (RowsResult)MessageCodec.DecodeResponse(changed);
        Assert.Equal("***", CqlValueCodec.Decode(CqlType.Text, rows.GetCell(0, "ssn").Bytes.Span, 4));
        Assert.Equal("bob", CqlValueCodec.Decode(CqlType.Text, rows.GetCell(1, "name").Bytes.Span, 4));
        Assert.Equal(3, changed.Stream);
    }

    [Fact]
    public void Error_ExposesCodeAndMessage()
    {
        using var frame = FrameEncoder.ToFrame(4, true, FrameFlags.None, 3, ErrorResponse.Unauthorized("nope"));
        var view = new CqlResponseView(frame);
        Assert.True(view.IsError);
        Assert.Equal((ErrorCode.Unauthorized, "nope"), (view.ErrorCode, view.ErrorMessage));
        Assert.Empty(view.Columns);
    }
}
