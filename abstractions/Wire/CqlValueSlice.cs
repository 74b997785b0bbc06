namespace ScriptProxy.Abstractions.Wire;

/// <summary>A [value] as a view: bytes, null (-1) or not set (-2).</summary>
public readonly struct CqlValueSlice : IEquatable<CqlValueSlice>
{
    private readonly int _kind; // 0 = bytes, -1 = null, -2 = unset

    public CqlValueSlice(ReadOnlyMemory<byte> bytes)
    {
        Bytes = bytes;
        _kind = 0;
    }

    private CqlValueSlice(int kind)
    {
        Bytes = default;
        _kind = kind;
    }

    public static CqlValueSlice Null => new(-1);

    public static CqlValueSlice Unset => new(-2);

    public ReadOnlyMemory<byte> Bytes { get; }

    public bool IsNull => _kind == -1;

    public bool IsUnset => _kind == -2;

    public bool HasBytes => _kind == 0;

    /// <summary>The wire length prefix: -1, -2 or the byte count.</summary>
    public int WireLength => _kind == 0 ? Bytes.Length : _kind;

    public bool Equals(CqlValueSlice other) => _kind == other._kind && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override bool Equals(object? obj) => obj is CqlValueSlice o && Equals(o);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_kind);
        h.AddBytes(Bytes.Span);
        return h.ToHashCode();
    }

    public override string ToString() => _kind switch { -1 => "null", -2 => "unset", _ => Convert.ToHexString(Bytes.Span) };
}
