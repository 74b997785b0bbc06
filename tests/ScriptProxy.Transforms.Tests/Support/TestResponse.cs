using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>The test host's <see cref="ICqlResponse"/>: a real encoded frame; SetCell re-encodes the rows (copy-on-write).</summary>
public sealed class TestResponse : ICqlResponse
{
    public TestResponse(IResponse message, byte version, short stream)
    {
        Frame = FrameEncoder.ToFrame(version, response: true, FrameFlags.None, stream, message);
    }

    public Frame Frame { get; private set; }

    public IResponse Message => MessageCodec.DecodeResponse(Frame);

    public Opcode Opcode => Frame.Opcode;

    public bool IsError => Message is ErrorResponse;

    public ErrorCode? ErrorCode => (Message as ErrorResponse)?.Code;

    public string? ErrorMessage => (Message as ErrorResponse)?.Message;

    public IReadOnlyList<ResultColumn> Columns =>
        Message is RowsResult { Columns: { } cols } ? [.. cols.Select(c => new ResultColumn(c.Keyspace, c.Table, c.Name, c.Type))] : [];

    public int RowCount => (Message as RowsResult)?.RowCount ?? 0;

    public bool IsModified { get; private set; }

    public object? GetCell(int row, string column)
    {
        var rows = (RowsResult)Message;
        var cell = rows.GetCell(row, column);
        int i = rows.Metadata.IndexOf(column);
        return cell.HasBytes ? CqlValueCodec.Decode(rows.Columns![i].Type, cell.Bytes.Span, Frame.Version) : null;
    }

    public void SetCell(int row, string column, object? value)
    {
        var rows = (RowsResult)Message;
        int index = rows.Metadata.IndexOf(column);
        if (index < 0) throw new ArgumentException($"No column named '{column}'", nameof(column));
        var builder = new RowsResultBuilder(rows.Metadata);
        for (int r = 0; r < rows.RowCount; r++)
        {
            var cells = new CqlValueSlice[rows.ColumnCount];
            for (int c = 0; c < cells.Length; c++) cells[c] = rows.GetCell(r, c);
            if (r == row) cells[index] = value is null ? CqlValueSlice.Null : new CqlValueSlice(CqlValueCodec.Serialize(rows.Columns![index].Type, value, Frame.Version));
            builder.AddRow(cells);
        }
        Frame = FrameEncoder.ToFrame(Frame.Header, builder.Build());
        IsModified = true;
    }
}
