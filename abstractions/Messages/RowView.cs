using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>One row of a <see cref="RowsResult"/>: cells by index or column name, as views.</summary>
public readonly struct RowView
{
    private readonly RowsResult _rows;

    internal RowView(RowsResult rows, int index)
    {
        _rows = rows;
        Index = index;
    }

    /// <summary>The row's position in the result.</summary>
    public int Index { get; }

    /// <summary>Number of cells.</summary>
    public int Count => _rows.ColumnCount;

    /// <summary>The cell of column <paramref name="column"/>.</summary>
    public CqlValueSlice this[int column] => _rows.GetCell(Index, column);

    /// <summary>The cell of the column named <paramref name="column"/>.</summary>
    public CqlValueSlice this[string column] => _rows.GetCell(Index, column);
}
