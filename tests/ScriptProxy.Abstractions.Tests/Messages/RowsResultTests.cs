using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Tests.Messages;

public class RowsResultTests
{
    private static RowsResult Decode(string name)
    {
        byte[] frame = GoldenFrameTests.Cases[name].Bytes;
        return (RowsResult)MessageCodec.DecodeResponse(FrameHeader.Read(frame), frame.AsMemory(FrameHeader.Size), out _);
    }

    [Fact]
    public void Cells_are_views_by_index_and_by_name()
    {
        var rows = Decode("result-rows-global-v4");
        Assert.Equal(2, rows.RowCount);
        Assert.Equal(2, rows.ColumnCount);
        Assert.Equal(CqlType.Int, rows.Columns![0].Type);
        Assert.Equal("ks", rows.Columns[1].Keyspace);
        Assert.Equal([0, 0, 0, 2], rows.GetCell(1, 0).Bytes.ToArray());
        Assert.Equal("x"u8.ToArray(), rows.GetCell(0, "b").Bytes.ToArray());
        Assert.True(rows.GetCell(1, "b").IsNull);
        Assert.Throws<KeyNotFoundException>(() => rows.GetCell(0, "nope"));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.GetCell(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.GetCell(0, 2));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(rows.GetCell(0, 0).Bytes, out var segment));
        Assert.True(segment.Offset > 0); // a slice of the frame, not a copy
    }

    [Fact]
    public void Rows_enumerate_as_row_views()
    {
        var rows = Decode("result-rows-global-v4");
        var seen = new List<string>();
        foreach (var row in rows) seen.Add($"{row.Index}:{row.Count}:{row["a"]}:{row[1]}");
        Assert.Equal(["0:2:00000001:78", "1:2:00000002:null"], seen);
        Assert.Equal(rows.GetCell(1, 0), rows.GetRow(1)[0]);
    }

    [Fact]
    public void No_metadata_results_work_by_index_only()
    {
        var rows = Decode("result-rows-no-metadata-v4");
        Assert.Null(rows.Columns);
        Assert.Equal(RowsFlags.NoMetadata, rows.Metadata.Flags);
        Assert.Equal([7], rows.GetCell(0, 2).Bytes.ToArray());
        Assert.True(rows.GetCell(0, 0).HasBytes);
        Assert.Equal(0, rows.GetCell(0, 0).Bytes.Length);
        Assert.Throws<KeyNotFoundException>(() => rows.GetCell(0, "a"));
    }

    [Fact]
    public void Builder_validates_rows_and_cells()
    {
        var metadata = new RowsMetadata([new ColumnSpec("ks", "t", "a", CqlType.Int)]);
        Assert.Throws<ArgumentException>(() => new RowsResultBuilder(metadata).AddRow(CqlValueSlice.Null, CqlValueSlice.Null));
        Assert.Throws<ArgumentException>(() => new RowsResultBuilder(metadata).AddRow(CqlValueSlice.Unset));
        var builder = new RowsResultBuilder(metadata).AddRow([new CqlValueSlice(new byte[] { 0, 0, 0, 9 })]);
        var result = builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.AddRow(CqlValueSlice.Null));
        Assert.Equal(1, result.RowCount);
        Assert.True(metadata.GlobalTableSpec);
        Assert.Equal(RowsFlags.GlobalTablesSpec, metadata.Flags);

        var created = RowsResult.Create(metadata, [[new CqlValueSlice(new byte[] { 0, 0, 0, 9 })]]);
        Assert.Equal(result, created); // content-based equality
    }

    [Fact]
    public void Constructor_rejects_content_that_does_not_match_the_row_count()
    {
        var metadata = RowsMetadata.NoMetadata(1);
        Assert.Throws<CqlProtocolException>(() => new RowsResult(metadata, 2, new byte[] { 0, 0, 0, 0 }));
        Assert.Throws<CqlProtocolException>(() => new RowsResult(metadata, 1, new byte[] { 0, 0, 0, 0, 1 }));
    }

    [Fact]
    public void Global_table_spec_requires_a_shared_table()
    {
        var mixed = new RowsMetadata([new ColumnSpec("ks", "t", "a", CqlType.Int), new ColumnSpec("ks", "u", "b", CqlType.Int)]) { GlobalTableSpec = true };
        var result = new RowsResult(mixed, 0, ReadOnlyMemory<byte>.Empty);
        Assert.Throws<CqlProtocolException>(() => FrameEncoder.ToFrame(4, true, FrameFlags.None, 0, result).Dispose());
    }
}
