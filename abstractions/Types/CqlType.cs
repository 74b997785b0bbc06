namespace ScriptProxy.Abstractions.Types;

/// <summary>
/// A column type as described by an [option] on the wire (spec section 4.2.5.2) or by CQL text.
/// Immutable, with structural equality; <see cref="ToString"/> gives the CQL spelling
/// (as system_schema.columns stores it, e.g. <c>frozen&lt;list&lt;int&gt;&gt;</c> is written <c>list&lt;int&gt;</c>).
/// </summary>
public abstract class CqlType : IEquatable<CqlType>
{
    private protected CqlType(CqlTypeCode code) => Code = code;

    public CqlTypeCode Code { get; }

    public bool IsCollection => Code is CqlTypeCode.List or CqlTypeCode.Set or CqlTypeCode.Map;

    public abstract bool Equals(CqlType? other);

    public override bool Equals(object? obj) => obj is CqlType t && Equals(t);

    public abstract override int GetHashCode();

    public abstract override string ToString();

    public static bool operator ==(CqlType? a, CqlType? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(CqlType? a, CqlType? b) => !(a == b);

    public static readonly NativeType Ascii = new(CqlTypeCode.Ascii, "ascii");
    public static readonly NativeType Bigint = new(CqlTypeCode.Bigint, "bigint");
    public static readonly NativeType Blob = new(CqlTypeCode.Blob, "blob");
    public static readonly NativeType Boolean = new(CqlTypeCode.Boolean, "boolean");
    public static readonly NativeType Counter = new(CqlTypeCode.Counter, "counter");
    public static readonly NativeType Decimal = new(CqlTypeCode.Decimal, "decimal");
    public static readonly NativeType Double = new(CqlTypeCode.Double, "double");
    public static readonly NativeType Float = new(CqlTypeCode.Float, "float");
    public static readonly NativeType Int = new(CqlTypeCode.Int, "int");
    public static readonly NativeType Timestamp = new(CqlTypeCode.Timestamp, "timestamp");
    public static readonly NativeType Uuid = new(CqlTypeCode.Uuid, "uuid");
    public static readonly NativeType Text = new(CqlTypeCode.Varchar, "text");
    public static readonly NativeType Varint = new(CqlTypeCode.Varint, "varint");
    public static readonly NativeType Timeuuid = new(CqlTypeCode.Timeuuid, "timeuuid");
    public static readonly NativeType Inet = new(CqlTypeCode.Inet, "inet");
    public static readonly NativeType Date = new(CqlTypeCode.Date, "date");
    public static readonly NativeType Time = new(CqlTypeCode.Time, "time");
    public static readonly NativeType Smallint = new(CqlTypeCode.Smallint, "smallint");
    public static readonly NativeType Tinyint = new(CqlTypeCode.Tinyint, "tinyint");
    public static readonly NativeType Duration = new(CqlTypeCode.Duration, "duration");

    /// <summary>Every native type, in [option] id order.</summary>
    public static IReadOnlyList<NativeType> Natives { get; } =
    [
        Ascii, Bigint, Blob, Boolean, Counter, Decimal, Double, Float, Int, Timestamp, Uuid, Text, Varint,
        Timeuuid, Inet, Date, Time, Smallint, Tinyint, Duration,
    ];

    public static NativeType Native(CqlTypeCode code) =>
        Natives.FirstOrDefault(n => n.Code == code) ?? throw new ArgumentException($"{code} is not a native type", nameof(code));

    public static ListType ListOf(CqlType element, bool frozen = false) => new(element, frozen);

    public static SetType SetOf(CqlType element, bool frozen = false) => new(element, frozen);

    public static MapType MapOf(CqlType key, CqlType value, bool frozen = false) => new(key, value, frozen);

    /// <summary>Parses CQL type text, e.g. <c>map&lt;text, frozen&lt;list&lt;int&gt;&gt;&gt;</c>. UDTs are resolved through <paramref name="resolveUdt"/>.</summary>
    public static CqlType Parse(string text, Func<string, UdtType?>? resolveUdt = null) => CqlTypeParser.Parse(text, resolveUdt);
}
