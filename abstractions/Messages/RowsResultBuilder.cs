using System.Buffers;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Builds a <see cref="RowsResult"/> for encoding (e.g. by the embedded node) by appending rows of serialized cells.
/// Cells are copied into one contiguous buffer, which the built result then owns.
/// </summary>
public sealed class RowsResultBuilder
{
    private readonly RowsMetadata _metadata;
    private ArrayBufferWriter<byte>? _buffer = new();
    private int _rowCount;

    /// <summary>Starts a result described by <paramref name="metadata"/>.</summary>
    public RowsResultBuilder(RowsMetadata metadata) => _metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));

    /// <summary>Rows added so far.</summary>
    public int RowCount => _rowCount;

    /// <summary>Appends a row; it must have one cell per column, and cells cannot be "unset".</summary>
    public RowsResultBuilder AddRow(params ReadOnlySpan<CqlValueSlice> cells)
    {
        var writer = Begin(cells.Length);
        foreach (var cell in cells) WriteCell(ref writer, cell);
        _rowCount++;
        return this;
    }

    /// <summary>Appends a row; it must have one cell per column, and cells cannot be "unset".</summary>
    public RowsResultBuilder AddRow(IReadOnlyList<CqlValueSlice> cells)
    {
        var writer = Begin(cells.Count);
        for (int i = 0; i < cells.Count; i++) WriteCell(ref writer, cells[i]);
        _rowCount++;
        return this;
    }

    /// <summary>Finishes the result. The builder cannot be used afterwards.</summary>
    public RowsResult Build()
    {
        var buffer = _buffer ?? throw new InvalidOperationException("Build was already called");
        _buffer = null;
        return new RowsResult(_metadata, _rowCount, buffer.WrittenMemory);
    }

    private CqlWriter Begin(int cellCount)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("Build was already called");
        if (cellCount != _metadata.ColumnCount)
            throw new ArgumentException($"Row has {cellCount} cells but the result has {_metadata.ColumnCount} columns");
        return new CqlWriter(buffer);
    }

    private static void WriteCell(ref CqlWriter writer, in CqlValueSlice cell)
    {
        // Result cells are [bytes]: there is no "not set" in a result set.
        if (cell.IsUnset) throw new ArgumentException("Result cells cannot be 'unset'");
        writer.WriteValue(cell);
    }
}
