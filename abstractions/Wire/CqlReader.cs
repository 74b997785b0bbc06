using System.Buffers.Binary;
using System.Numerics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace ScriptProxy.Abstractions.Wire;

/// <summary>
/// Reads the notations of spec section 3 from a contiguous body. Slicing methods return views
/// (<see cref="ReadOnlyMemory{T}"/>) into the same buffer: nothing is copied unless a method returns a string
/// or a CLR collection. Every read is bounds-checked and throws <see cref="CqlProtocolException"/> on truncation.
/// </summary>
public ref struct CqlReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public CqlReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public readonly bool End => _position >= _span.Length;

    public readonly ReadOnlyMemory<byte> Source => _memory;

    /// <summary>The unread rest of the body, as a view.</summary>
    public readonly ReadOnlyMemory<byte> RemainingMemory => _memory[_position..];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if ((uint)count > (uint)(_span.Length - _position)) throw CqlProtocolException.Truncated(what, count, Remaining);
        var s = _span.Slice(_position, count);
        _position += count;
        return s;
    }

    public byte ReadByte() => Take(1, "[byte]")[0];

    public short ReadShort() => BinaryPrimitives.ReadInt16BigEndian(Take(2, "[short]"));

    public ushort ReadUShort() => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "[short]"));

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4, "[int]"));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8, "[long]"));

    public Consistency ReadConsistency() => (Consistency)ReadUShort();

    public ReadOnlySpan<byte> ReadRawSpan(int count) => Take(count, "raw bytes");

    public ReadOnlyMemory<byte> ReadRaw(int count)
    {
        int start = _position;
        Take(count, "raw bytes");
        return _memory.Slice(start, count);
    }

    public void Skip(int count) => Take(count, "skipped bytes");

    /// <summary>[string]: a [short] length then UTF-8.</summary>
    public string ReadString()
    {
        int n = ReadUShort();
        return Encoding.UTF8.GetString(Take(n, "[string]"));
    }

    /// <summary>[string] as raw UTF-8 bytes, without decoding.</summary>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        int n = ReadUShort();
        return Take(n, "[string]");
    }

    /// <summary>[long string]: an [int] length then UTF-8.</summary>
    public string ReadLongString()
    {
        int n = ReadInt();
        if (n < 0) throw new CqlProtocolException($"Negative [long string] length {n}");
        return Encoding.UTF8.GetString(Take(n, "[long string]"));
    }

    /// <summary>[long string] as a view of its UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> ReadLongStringUtf8()
    {
        int n = ReadInt();
        if (n < 0) throw new CqlProtocolException($"Negative [long string] length {n}");
        return ReadRaw(n);
    }

    public Guid ReadUuid() => new(Take(16, "[uuid]"), bigEndian: true);

    public List<string> ReadStringList()
    {
        int n = ReadUShort();
        var list = new List<string>(Math.Min(n, 1024));
        for (int i = 0; i < n; i++) list.Add(ReadString());
        return list;
    }

    /// <summary>[bytes]: an [int] n then n bytes; n &lt; 0 is null (returned as <c>null</c>).</summary>
    public ReadOnlyMemory<byte>? ReadBytes()
    {
        int n = ReadInt();
        if (n < 0) return null;
        return ReadRaw(n);
    }

    /// <summary>[value]: like [bytes] but -2 is "not set" and &lt; -2 is invalid.</summary>
    public CqlValueSlice ReadValue()
    {
        int n = ReadInt();
        if (n == -1) return CqlValueSlice.Null;
        if (n == -2) return CqlValueSlice.Unset;
        if (n < -2) throw new CqlProtocolException($"Invalid [value] length {n}");
        return new CqlValueSlice(ReadRaw(n));
    }

    /// <summary>[short bytes].</summary>
    public ReadOnlyMemory<byte> ReadShortBytes()
    {
        int n = ReadUShort();
        return ReadRaw(n);
    }

    public Dictionary<string, string> ReadStringMap()
    {
        int n = ReadUShort();
        var map = new Dictionary<string, string>(Math.Min(n, 1024), StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string k = ReadString();
            map[k] = ReadString();
        }
        return map;
    }

    public Dictionary<string, List<string>> ReadStringMultimap()
    {
        int n = ReadUShort();
        var map = new Dictionary<string, List<string>>(Math.Min(n, 1024), StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string k = ReadString();
            map[k] = ReadStringList();
        }
        return map;
    }

    /// <summary>[bytes map]; values are views.</summary>
    public Dictionary<string, ReadOnlyMemory<byte>?> ReadBytesMap()
    {
        int n = ReadUShort();
        var map = new Dictionary<string, ReadOnlyMemory<byte>?>(Math.Min(n, 1024), StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string k = ReadString();
            map[k] = ReadBytes();
        }
        return map;
    }

    /// <summary>[inet]: address and port.</summary>
    public IPEndPoint ReadInet()
    {
        var address = ReadInetAddr();
        int port = ReadInt();
        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort) throw new CqlProtocolException($"Invalid [inet] port {port}");
        return new IPEndPoint(address, port);
    }

    /// <summary>[inetaddr]: address only.</summary>
    public IPAddress ReadInetAddr()
    {
        int n = ReadByte();
        if (n != 4 && n != 16) throw new CqlProtocolException($"Invalid [inet] address size {n}");
        return new IPAddress(Take(n, "[inetaddr]"));
    }

    /// <summary>[unsigned vint] (v5 section 3).</summary>
    public ulong ReadUnsignedVInt()
    {
        byte first = ReadByte();
        int extra = BitOperations.LeadingZeroCount((uint)(byte)~first) - 24;
        if (extra == 0) return first;
        ulong value = extra >= 8 ? 0UL : (ulong)(first & (0xFF >> extra));
        var rest = Take(extra, "[vint]");
        foreach (byte b in rest) value = (value << 8) | b;
        return value;
    }

    /// <summary>[vint]: zig-zag decoded.</summary>
    public long ReadVInt()
    {
        ulong n = ReadUnsignedVInt();
        return (long)(n >> 1) ^ -(long)(n & 1);
    }
}
