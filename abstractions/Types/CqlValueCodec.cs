using System.Buffers;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Types;

/// <summary>
/// The cell value codec: CQL values (spec sections 5 and 6) to and from CLR objects, for protocol v3 and later.
/// <para>CLR mapping: ascii/text → string; bigint/counter → long; blob/custom → byte[]; boolean → bool;
/// decimal → <see cref="CqlDecimal"/>; double; float; int; smallint → short; tinyint → sbyte;
/// timestamp → DateTimeOffset (UTC); uuid/timeuuid → Guid; varint → BigInteger; inet → IPAddress;
/// date → <see cref="CqlDate"/>; time → <see cref="CqlTime"/>; duration → <see cref="CqlDuration"/>;
/// list/set → List&lt;object?&gt;; map → List&lt;KeyValuePair&lt;object?, object?&gt;&gt;; tuple → object?[];
/// UDT → <see cref="UdtValue"/>.</para>
/// <para>An "empty" value (zero bytes, spec section 5) of a non-string scalar type decodes as null; of a
/// collection as an empty list; of a tuple/UDT as all components missing.</para>
/// </summary>
public static class CqlValueCodec
{
    /// <summary>Decodes the raw value bytes (without the [int] length prefix) of a non-null cell.</summary>
    /// <exception cref="CqlProtocolException">The bytes are malformed for <paramref name="type"/> (ErrorCode.ProtocolError).</exception>
    public static object? Decode(CqlType type, ReadOnlySpan<byte> bytes, byte protocolVersion)
    {
        ArgumentNullException.ThrowIfNull(type);
        // v1/v2 used [short] collection lengths; we only ever see v3+ on the wire.
        if (protocolVersion < ProtocolVersion.Min) throw new CqlProtocolException($"The value codec does not support protocol version {protocolVersion}");
        return CqlValueDecoder.Decode(type, bytes);
    }

    /// <summary>
    /// Writes the raw value bytes WITHOUT the [int] length prefix (the caller writes it, and writes -1 for null,
    /// which is why a null <paramref name="value"/> is rejected here; see <see cref="WriteBytes"/>).
    /// Null elements inside collections, tuples and UDTs are written as length -1.
    /// </summary>
    /// <exception cref="ArgumentException">The CLR type of <paramref name="value"/> (or of a nested element) does not fit the CQL type.</exception>
    public static void Encode(CqlType type, object? value, IBufferWriter<byte> output, byte protocolVersion)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(output);
        CheckVersion(protocolVersion);
        if (value is null) throw new ArgumentNullException(nameof(value), $"A null CQL {type} has no value bytes; write length -1 instead");
        CqlValueEncoder.Encode(type, value, output);
    }

    /// <summary>Encodes into a new array (no length prefix). Convenience for tests, schemas and literals.</summary>
    public static byte[] Serialize(CqlType type, object? value, byte protocolVersion)
    {
        using var writer = new PooledBufferWriter();
        Encode(type, value, writer, protocolVersion);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a [bytes] cell: the [int] length then the value, or length -1 for null.</summary>
    public static void WriteBytes(CqlType type, object? value, IBufferWriter<byte> output, byte protocolVersion)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(output);
        CheckVersion(protocolVersion);
        var w = new CqlWriter(output);
        if (value is null)
        {
            w.WriteInt(-1);
            return;
        }
        using var scratch = new PooledBufferWriter();
        CqlValueEncoder.Encode(type, value, scratch);
        w.WriteInt(scratch.WrittenCount);
        w.WriteRaw(scratch.WrittenSpan);
    }

    /// <summary>
    /// Renders a value as a CQL literal: strings quoted with '' escaping, blobs 0x.., uuids bare, timestamps as
    /// quoted ISO-8601 UTC, lists [..], sets {..}, maps {k: v}, tuples (..), UDTs {field: v}, null as null.
    /// </summary>
    public static string Format(CqlType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        return CqlValueFormatter.Format(type, value);
    }

    private static void CheckVersion(byte protocolVersion)
    {
        if (protocolVersion < ProtocolVersion.Min)
            throw new ArgumentOutOfRangeException(nameof(protocolVersion), protocolVersion, "The value codec supports protocol v3 and later");
    }
}
