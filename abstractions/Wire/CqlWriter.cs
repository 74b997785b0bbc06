using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace ScriptProxy.Abstractions.Wire;

/// <summary>Writes the notations of spec section 3 to an <see cref="IBufferWriter{T}"/>. Big-endian throughout.</summary>
public readonly ref struct CqlWriter
{
    private readonly IBufferWriter<byte> _output;

    public CqlWriter(IBufferWriter<byte> output) => _output = output;

    public IBufferWriter<byte> Output => _output;

    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteShort(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteUShort(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteConsistency(Consistency value) => WriteUShort((ushort)value);

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    public void WriteString(string value)
    {
        int n = Encoding.UTF8.GetByteCount(value);
        if (n > ushort.MaxValue) throw new CqlProtocolException($"[string] of {n} bytes exceeds 65535");
        WriteUShort((ushort)n);
        WriteUtf8(value, n);
    }

    public void WriteStringUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > ushort.MaxValue) throw new CqlProtocolException($"[string] of {utf8.Length} bytes exceeds 65535");
        WriteUShort((ushort)utf8.Length);
        WriteRaw(utf8);
    }

    public void WriteLongString(string value)
    {
        int n = Encoding.UTF8.GetByteCount(value);
        WriteInt(n);
        WriteUtf8(value, n);
    }

    public void WriteLongStringUtf8(ReadOnlySpan<byte> utf8)
    {
        WriteInt(utf8.Length);
        WriteRaw(utf8);
    }

    private void WriteUtf8(string value, int byteCount)
    {
        if (byteCount == 0) return;
        var span = _output.GetSpan(byteCount);
        int written = Encoding.UTF8.GetBytes(value, span);
        _output.Advance(written);
    }

    public void WriteUuid(Guid value)
    {
        value.TryWriteBytes(_output.GetSpan(16), bigEndian: true, out _);
        _output.Advance(16);
    }

    public void WriteStringList(IReadOnlyList<string> values)
    {
        WriteUShort(checked((ushort)values.Count));
        for (int i = 0; i < values.Count; i++) WriteString(values[i]);
    }

    /// <summary>[bytes]; null writes length -1.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt(bytes.Length);
        WriteRaw(bytes);
    }

    public void WriteBytes(ReadOnlyMemory<byte>? bytes)
    {
        if (bytes is null) WriteInt(-1);
        else WriteBytes(bytes.Value.Span);
    }

    public void WriteValue(in CqlValueSlice value)
    {
        WriteInt(value.WireLength);
        if (value.HasBytes) WriteRaw(value.Bytes.Span);
    }

    public void WriteShortBytes(ReadOnlySpan<byte> bytes)
    {
        WriteUShort(checked((ushort)bytes.Length));
        WriteRaw(bytes);
    }

    public void WriteStringMap(IReadOnlyDictionary<string, string> map)
    {
        WriteUShort(checked((ushort)map.Count));
        foreach (var (k, v) in map)
        {
            WriteString(k);
            WriteString(v);
        }
    }

    public void WriteStringMultimap(IReadOnlyDictionary<string, List<string>> map)
    {
        WriteUShort(checked((ushort)map.Count));
        foreach (var (k, v) in map)
        {
            WriteString(k);
            WriteStringList(v);
        }
    }

    public void WriteBytesMap(IReadOnlyDictionary<string, ReadOnlyMemory<byte>?> map)
    {
        WriteUShort(checked((ushort)map.Count));
        foreach (var (k, v) in map)
        {
            WriteString(k);
            WriteBytes(v);
        }
    }

    public void WriteInetAddr(IPAddress address)
    {
        Span<byte> tmp = stackalloc byte[16];
        address.TryWriteBytes(tmp, out int n);
        WriteByte((byte)n);
        WriteRaw(tmp[..n]);
    }

    public void WriteInet(IPEndPoint endpoint)
    {
        WriteInetAddr(endpoint.Address);
        WriteInt(endpoint.Port);
    }

    /// <summary>[unsigned vint] (v5 section 3).</summary>
    public void WriteUnsignedVInt(ulong value)
    {
        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        // Each extra byte adds 8 bits of payload but costs one bit of the first byte.
        int extra = 0;
        while (extra < 8 && bits > 8 * extra + (7 - extra)) extra++;
        var span = _output.GetSpan(extra + 1);
        for (int i = extra; i >= 1; i--)
        {
            span[i] = (byte)value;
            value >>= 8;
        }
        byte prefix = extra == 0 ? (byte)0 : (byte)(0xFF << (8 - extra));
        span[0] = extra == 8 ? (byte)0xFF : (byte)(prefix | (byte)value);
        _output.Advance(extra + 1);
    }

    /// <summary>[vint]: zig-zag encoded.</summary>
    public void WriteVInt(long value) => WriteUnsignedVInt((ulong)((value >> 63) ^ (value << 1)));
}
