using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The host's <see cref="ICqlResponse"/> over an owned upstream response frame: decoded on first use; cell
/// changes are recorded and <see cref="ToFrame"/> re-encodes the rows only if something changed.
/// </summary>
/// <param name="frame">The owned response frame.</param>
/// <param name="fallbackColumns">Result columns to use when the rows carry none (EXECUTE with skip_metadata).</param>
public sealed class CqlResponseView(Frame frame, RowsMetadata? fallbackColumns = null) : ICqlResponse, IDisposable
{
    private IResponse? _message;
    private MessageEnvelope? _envelope;
    private IReadOnlyList<ResultColumn>? _columns;
    private Dictionary<(int Row, int Column), object?>? _changes;

    public Frame Frame => frame;

    public Opcode Opcode => frame.Opcode;

    /// <summary>The decoded response.</summary>
    public IResponse Message
    {
        get
        {
            if (_message is null)
            {
                _message = MessageCodec.DecodeResponse(frame, out var envelope);
                _envelope = envelope;
            }
            return _message;
        }
    }

    public bool IsError => frame.Opcode == Opcode.Error;

    public ErrorCode? ErrorCode => IsError ? ((ErrorResponse)Message).Code : null;

    public string? ErrorMessage => IsError ? ((ErrorResponse)Message).Message : null;

    private RowsResult? Rows => frame.Opcode == Opcode.Result ? Message as RowsResult : null;

    public IReadOnlyList<ResultColumn> Columns => _columns ??=
        (Rows is { } rows ? rows.Columns ?? (fallbackColumns?.ColumnCount == rows.ColumnCount ? fallbackColumns.Columns : null) : null)
            ?.Select(c => new ResultColumn(c.Keyspace, c.Table, c.Name, c.Type)).ToArray() ?? [];

    public int RowCount => Rows?.RowCount ?? 0;

    public bool IsModified => _changes is { Count: > 0 };

    public object? GetCell(int row, string column)
    {
        int index = ColumnIndex(column);
        if (_changes is not null && _changes.TryGetValue((row, index), out var changed)) return changed;
        var slice = Rows!.GetCell(row, index);
        return slice.HasBytes ? CqlValueCodec.Decode(Columns[index].Type, slice.Bytes.Span, frame.Version) : null;
    }

    public void SetCell(int row, string column, object? value)
    {
        int index = ColumnIndex(column);
        if ((uint)row >= (uint)RowCount) throw new ArgumentOutOfRangeException(nameof(row), row, $"The result has {RowCount} rows");
        (_changes ??= [])[(row, index)] = value;
    }

    /// <summary>The response as the client will get it: the decoded message, or new rows when a stage changed a cell.</summary>
    public IResponse CurrentMessage => IsModified ? ChangedRows() : Message;

    /// <summary>The upstream's preamble (tracing id, warnings, custom payload), for a replacement answered on its behalf.</summary>
    internal MessageEnvelope Envelope
    {
        get
        {
            _ = Message;
            return _envelope ?? MessageEnvelope.Empty;
        }
    }

    /// <summary>The PREPARE's result columns used when the rows carry none.</summary>
    internal RowsMetadata? FallbackColumns => fallbackColumns;

    /// <summary>The frame for the client: the original bytes, or re-encoded rows when a stage changed a cell.</summary>
    public Frame ToFrame() => IsModified ? FrameEncoder.ToFrame(frame.Header, ChangedRows(), _envelope) : frame;

    private RowsResult ChangedRows()
    {
        var rows = Rows!;
        var table = new List<IReadOnlyList<CqlValueSlice>>(rows.RowCount);
        for (int r = 0; r < rows.RowCount; r++)
        {
            var cells = new CqlValueSlice[rows.ColumnCount];
            for (int c = 0; c < cells.Length; c++)
            {
                cells[c] = _changes!.TryGetValue((r, c), out var value)
                    ? value is null ? CqlValueSlice.Null : new CqlValueSlice(CqlValueCodec.Serialize(Columns[c].Type, value, frame.Version))
                    : rows.GetCell(r, c);
            }
            table.Add(cells);
        }
        return RowsResult.Create(rows.Metadata, table);
    }

    private int ColumnIndex(string column)
    {
        var columns = Columns;
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, column, StringComparison.Ordinal)) return i;
        }
        throw new ArgumentException($"No column named '{column}' in this result", nameof(column));
    }

    public void Dispose() => frame.Dispose();
}
