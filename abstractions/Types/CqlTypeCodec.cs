using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Types;

/// <summary>
/// Reads and writes column types as the [option] of spec section 4.2.5.2 (result and prepared metadata).
/// The wire form carries no "frozen" marker, so decoded collections are non-frozen and UDTs frozen;
/// <see cref="CqlType"/> equality ignores frozenness, so round trips compare equal.
/// </summary>
public static class CqlTypeCodec
{
    // Deeply nested [option]s are legal but nothing real nests this far; the cap keeps a hostile body
    // from overflowing the stack through recursion.
    private const int MaxDepth = 64;

    // Native types indexed by option id (0x0001..0x0015); avoids a LINQ lookup per column on decode.
    private static readonly NativeType?[] NativeById = BuildNativeTable();

    /// <summary>Reads one [option] describing a column type.</summary>
    /// <exception cref="CqlProtocolException">Truncated input, unknown option id or excessive nesting.</exception>
    public static CqlType Read(ref CqlReader reader) => ReadCore(ref reader, 0);

    /// <summary>Writes <paramref name="type"/> as an [option].</summary>
    public static void Write(ref CqlWriter writer, CqlType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        writer.WriteUShort((ushort)type.Code);
        switch (type)
        {
            case NativeType:
                break;
            case CustomType c:
                writer.WriteString(c.ClassName);
                break;
            case ListType l:
                Write(ref writer, l.Element);
                break;
            case SetType s:
                Write(ref writer, s.Element);
                break;
            case MapType m:
                Write(ref writer, m.Key);
                Write(ref writer, m.Value);
                break;
            case UdtType u:
                writer.WriteString(u.Keyspace);
                writer.WriteString(u.Name);
                writer.WriteUShort(CheckedCount(u.Fields.Count, "UDT fields"));
                for (int i = 0; i < u.Fields.Count; i++)
                {
                    writer.WriteString(u.Fields[i].Name);
                    Write(ref writer, u.Fields[i].Type);
                }
                break;
            case TupleType t:
                writer.WriteUShort(CheckedCount(t.Elements.Count, "tuple elements"));
                for (int i = 0; i < t.Elements.Count; i++) Write(ref writer, t.Elements[i]);
                break;
            default:
                throw new ArgumentException($"Cannot encode type {type.GetType().Name} as an [option]", nameof(type));
        }
    }

    private static CqlType ReadCore(ref CqlReader reader, int depth)
    {
        if (depth > MaxDepth) throw new CqlProtocolException($"Column type nested deeper than {MaxDepth} levels");
        ushort id = reader.ReadUShort();
        if (id < NativeById.Length && NativeById[id] is { } native) return native;
        switch ((CqlTypeCode)id)
        {
            case CqlTypeCode.Custom:
                return new CustomType(reader.ReadString());
            case CqlTypeCode.List:
                return new ListType(ReadCore(ref reader, depth + 1));
            case CqlTypeCode.Set:
                return new SetType(ReadCore(ref reader, depth + 1));
            case CqlTypeCode.Map:
            {
                var key = ReadCore(ref reader, depth + 1);
                return new MapType(key, ReadCore(ref reader, depth + 1));
            }
            case CqlTypeCode.Udt:
            {
                string ks = reader.ReadString();
                string name = reader.ReadString();
                int n = reader.ReadUShort();
                // Each field needs at least a [string] length and an option id: refuse impossible counts early.
                if (n * 4 > reader.Remaining) throw CqlProtocolException.Truncated("UDT fields", n * 4, reader.Remaining);
                var fields = new UdtField[n];
                for (int i = 0; i < n; i++)
                {
                    string field = reader.ReadString();
                    fields[i] = new UdtField(field, ReadCore(ref reader, depth + 1));
                }
                return new UdtType(ks, name, fields);
            }
            case CqlTypeCode.Tuple:
            {
                int n = reader.ReadUShort();
                if (n * 2 > reader.Remaining) throw CqlProtocolException.Truncated("tuple elements", n * 2, reader.Remaining);
                var elements = new CqlType[n];
                for (int i = 0; i < n; i++) elements[i] = ReadCore(ref reader, depth + 1);
                return new TupleType(elements);
            }
            default:
                throw new CqlProtocolException($"Unknown column type option id 0x{id:X4}");
        }
    }

    private static ushort CheckedCount(int count, string what) =>
        count <= ushort.MaxValue ? (ushort)count : throw new CqlProtocolException($"Too many {what}: {count} (max 65535)");

    private static NativeType?[] BuildNativeTable()
    {
        var table = new NativeType?[(int)CqlTypeCode.Duration + 1];
        foreach (var n in CqlType.Natives) table[(int)n.Code] = n;
        return table;
    }
}
