using System.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// A response a stage (or the fault policy) made instead of the upstream: an ERROR, a RESULT Void, or
/// RESULT Rows built from CLR values. Its frame is encoded on first access, on the request's version and stream.
/// </summary>
internal sealed class StageReply : ICqlResponse
{
    private readonly byte _version;
    private readonly short _stream;
    private readonly List<object?[]>? _rows;
    private Frame? _frame;

    private StageReply(byte version, short stream, ErrorCode? code, string? message, IReadOnlyList<ResultColumn>? columns, List<object?[]>? rows)
    {
        _version = version;
        _stream = stream;
        ErrorCode = code;
        ErrorMessage = message;
        Columns = columns ?? [];
        _rows = rows;
    }

    public static StageReply Error(byte version, short stream, ErrorCode code, string message) => new(version, stream, code, message, null, null);

    public static StageReply Void(byte version, short stream) => new(version, stream, null, null, null, null);

    public static StageReply Rows(byte version, short stream, IReadOnlyList<ResultColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var copy = new List<object?[]>();
        foreach (var row in rows)
        {
            if (row.Count != columns.Count) throw new ArgumentException($"A row has {row.Count} values but there are {columns.Count} columns", nameof(rows));
            copy.Add([.. row]);
        }
        return new(version, stream, null, null, columns, copy);
    }

    public Frame Frame => _frame ??= Encode();

    public Opcode Opcode => IsError ? Opcode.Error : Opcode.Result;

    public bool IsError => ErrorCode is not null;

    public ErrorCode? ErrorCode { get; }

    public string? ErrorMessage { get; }

    public IReadOnlyList<ResultColumn> Columns { get; }

    public int RowCount => _rows?.Count ?? 0;

    public bool IsModified => false;

    public object? GetCell(int row, string column) => _rows is null ? null : _rows[row][IndexOf(column)];

    public void SetCell(int row, string column, object? value)
    {
        if (_rows is null) throw new InvalidOperationException("This response has no rows");
        _rows[row][IndexOf(column)] = value;
        _frame = null;
    }

    private int IndexOf(string column)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.Ordinal)) return i;
        }
        throw new ArgumentException($"No column named '{column}'", nameof(column));
    }

    private Frame Encode()
    {
        var writer = new ArrayBufferWriter<byte>();
        if (ErrorCode is { } code) ProxyErrorFrame.Write(writer, _version, _stream, code, ErrorMessage ?? "");
        else WriteResult(writer);
        var bytes = writer.WrittenMemory;
        return new Frame(FrameHeader.Read(bytes.Span), bytes[FrameHeader.Size..], bytes, null);
    }

    private void WriteResult(ArrayBufferWriter<byte> output)
    {
        var body = new ArrayBufferWriter<byte>();
        var w = new CqlWriter(body);
        if (_rows is null)
        {
            w.WriteInt(1); // Void
        }
        else
        {
            w.WriteInt(2); // Rows
            ResultMetadataWriter.Write(body, Columns);
            w.WriteInt(_rows.Count);
            foreach (var row in _rows)
            {
                for (int i = 0; i < row.Length; i++) CqlValueCodec.WriteBytes(Columns[i].Type, row[i], body, _version);
            }
        }
        var header = FrameHeader.Create(_version, response: true, FrameFlags.None, _stream, Opcode.Result, body.WrittenCount);
        header.Write(output.GetSpan(FrameHeader.Size));
        output.Advance(FrameHeader.Size);
        output.Write(body.WrittenSpan);
    }
}
