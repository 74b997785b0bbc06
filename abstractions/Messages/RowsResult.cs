using System.Buffers.Binary;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// RESULT Rows (spec 4.2.5.2): <c>&lt;metadata&gt;&lt;rows_count&gt;&lt;rows_content&gt;</c>, kept lazy. Decoding validates the
/// cell lengths once without allocating; cell offsets are computed on the first cell access. Cells are returned
/// as <see cref="CqlValueSlice"/> views of <see cref="Content"/> (null for negative lengths) and are decoded with the
/// column's <see cref="ColumnSpec.Type"/> by the value codec. Build instances for encoding with
/// <see cref="RowsResultBuilder"/> or <see cref="Create"/>.
/// </summary>
public sealed record RowsResult : ResultResponse
{
    // Offset in Content of each cell's [bytes] length prefix, row-major. Built once, on demand; a racing
    // second build produces an identical array, so no lock is needed.
    private int[]? _cellOffsets;

    /// <summary>Wraps <paramref name="content"/> after checking that it holds exactly <paramref name="rowCount"/> rows.</summary>
    /// <exception cref="CqlProtocolException">The content is truncated or has trailing bytes.</exception>
    public RowsResult(RowsMetadata metadata, int rowCount, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        var reader = new CqlReader(content);
        SkipCells(ref reader, rowCount, metadata.ColumnCount);
        if (!reader.End) throw new CqlProtocolException($"Rows content has {reader.Remaining} bytes after the last row");
        Metadata = metadata;
        RowCount = rowCount;
        Content = content;
    }

    private RowsResult(RowsMetadata metadata, int rowCount, ReadOnlyMemory<byte> content, bool validated)
    {
        Metadata = metadata;
        RowCount = rowCount;
        Content = content;
    }

    /// <inheritdoc />
    public override ResultKind Kind => ResultKind.Rows;

    /// <summary>Column metadata, flags and paging state.</summary>
    public RowsMetadata Metadata { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The raw &lt;rows_content&gt;: RowCount × ColumnCount [bytes] cells.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Cells per row.</summary>
    public int ColumnCount => Metadata.ColumnCount;

    /// <summary>Column specs, or null under NO_METADATA.</summary>
    public IReadOnlyList<ColumnSpec>? Columns => Metadata.Columns;

    /// <summary>A result with the given rows; each row must have exactly <see cref="RowsMetadata.ColumnCount"/> cells.</summary>
    public static RowsResult Create(RowsMetadata metadata, IEnumerable<IReadOnlyList<CqlValueSlice>> rows)
    {
        var builder = new RowsResultBuilder(metadata);
        foreach (var row in rows) builder.AddRow(row);
        return builder.Build();
    }

    /// <summary>The cell at (<paramref name="row"/>, <paramref name="column"/>) as a view.</summary>
    public CqlValueSlice GetCell(int row, int column)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"Result has {RowCount} rows");
        if ((uint)column >= (uint)ColumnCount) throw new ArgumentOutOfRangeException(nameof(column), column, $"Result has {ColumnCount} columns");
        var offsets = _cellOffsets ??= ComputeOffsets();
        int position = offsets[row * ColumnCount + column];
        int length = BinaryPrimitives.ReadInt32BigEndian(Content.Span[position..]);
        return length < 0 ? CqlValueSlice.Null : new CqlValueSlice(Content.Slice(position + 4, length));
    }

    /// <summary>The cell of the column named <paramref name="column"/>; requires column metadata.</summary>
    /// <exception cref="KeyNotFoundException">No such column, or the result has NO_METADATA.</exception>
    public CqlValueSlice GetCell(int row, string column)
    {
        int index = Metadata.IndexOf(column);
        if (index < 0) throw new KeyNotFoundException(Columns is null ? $"Result has no column metadata (NO_METADATA); cannot find '{column}'" : $"No column named '{column}'");
        return GetCell(row, index);
    }

    /// <summary>A view of one row.</summary>
    public RowView GetRow(int row)
    {
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"Result has {RowCount} rows");
        return new RowView(this, row);
    }

    /// <summary>Enumerates the rows as <see cref="RowView"/>s without allocating.</summary>
    public RowEnumerator GetEnumerator() => new(this);

    /// <inheritdoc />
    public bool Equals(RowsResult? other) =>
        other is not null && RowCount == other.RowCount && Metadata.Equals(other.Metadata) && Content.Span.SequenceEqual(other.Content.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Metadata, RowCount, Content.Length);

    /// <summary>Reads the body after the [int] kind (use <see cref="ResultResponse.Read"/> to include the kind).</summary>
    public static new RowsResult Read(ref CqlReader reader, byte version)
    {
        var metadata = RowsMetadata.Read(ref reader, version);
        int rowCount = reader.ReadInt();
        if (rowCount < 0) throw new CqlProtocolException($"Negative row count {rowCount}");
        int start = reader.Position;
        SkipCells(ref reader, rowCount, metadata.ColumnCount);
        var content = reader.Source.Slice(start, reader.Position - start);
        return new RowsResult(metadata, rowCount, content, validated: true);
    }

    private protected override void WriteBody(ref CqlWriter writer, byte version)
    {
        Metadata.Write(ref writer, version);
        writer.WriteInt(RowCount);
        writer.WriteRaw(Content.Span);
    }

    private static void SkipCells(ref CqlReader reader, int rowCount, int columnCount)
    {
        long cells = (long)rowCount * columnCount;
        MessageWire.CheckRoom(ref reader, cells, 4, "cells");
        for (long i = 0; i < cells; i++)
        {
            int length = reader.ReadInt();
            if (length > 0) reader.Skip(length);
        }
    }

    private int[] ComputeOffsets()
    {
        var span = Content.Span;
        var offsets = new int[RowCount * ColumnCount];
        int position = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = position;
            int length = BinaryPrimitives.ReadInt32BigEndian(span[position..]);
            position += 4 + Math.Max(length, 0);
        }
        return offsets;
    }

    /// <summary>Allocation-free row enumerator.</summary>
    public struct RowEnumerator
    {
        private readonly RowsResult _rows;
        private int _index;

        internal RowEnumerator(RowsResult rows)
        {
            _rows = rows;
            _index = -1;
        }

        /// <summary>The current row.</summary>
        public readonly RowView Current => new(_rows, _index);

        /// <summary>Advances to the next row.</summary>
        public bool MoveNext() => ++_index < _rows.RowCount;
    }
}
