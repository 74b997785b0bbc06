using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>Shared validation and notation helpers for the message codecs.</summary>
internal static class MessageWire
{
    /// <summary>Reads a [consistency] and refuses ids outside the table of spec section 3.</summary>
    public static Consistency ReadConsistency(ref CqlReader reader)
    {
        ushort raw = reader.ReadUShort();
        if (raw > (ushort)Consistency.LocalOne) throw new CqlProtocolException($"Unknown consistency level 0x{raw:X4}");
        return (Consistency)raw;
    }

    /// <summary>
    /// Reads an [int] element count and checks that the body can hold that many elements of at least
    /// <paramref name="minElementSize"/> bytes, so a hostile count cannot trigger a huge allocation.
    /// </summary>
    public static int ReadCount(ref CqlReader reader, int minElementSize, string what)
    {
        int n = reader.ReadInt();
        if (n < 0) throw new CqlProtocolException($"Negative {what} count {n}");
        CheckRoom(ref reader, n, minElementSize, what);
        return n;
    }

    /// <summary>Throws when <paramref name="count"/> elements of <paramref name="minElementSize"/> bytes cannot fit.</summary>
    public static void CheckRoom(ref CqlReader reader, long count, int minElementSize, string what)
    {
        long needed = count * minElementSize;
        if (needed > reader.Remaining) throw new CqlProtocolException($"Truncated body: {count} {what} need at least {needed} bytes but only {reader.Remaining} remain");
    }

    public static ushort ToUShortCount(int count, string what) =>
        count <= ushort.MaxValue ? (ushort)count : throw new CqlProtocolException($"Too many {what}: {count} (max 65535)");

    /// <summary>Fails encoding of a field that <paramref name="version"/> cannot carry.</summary>
    public static void RequireVersion(byte version, byte minimum, string feature)
    {
        if (version < minimum) throw new CqlProtocolException($"{feature} requires protocol v{minimum} but the connection uses v{version}");
    }

    /// <summary>Reads an [inet], refusing ports outside 0..65535 (IPEndPoint would throw a non-protocol exception).</summary>
    public static System.Net.IPEndPoint ReadInet(ref CqlReader reader)
    {
        var address = reader.ReadInetAddr();
        int port = reader.ReadInt();
        if ((uint)port > ushort.MaxValue) throw new CqlProtocolException($"Invalid [inet] port {port}");
        return new System.Net.IPEndPoint(address, port);
    }

    public static IReadOnlyList<string> ReadStringList(ref CqlReader reader)
    {
        int n = reader.ReadUShort();
        CheckRoom(ref reader, n, 2, "strings");
        var list = new string[n];
        for (int i = 0; i < n; i++) list[i] = reader.ReadString();
        return list;
    }

    /// <summary>
    /// Reads <paramref name="count"/> column specs (spec 4.2.5.2): per column either the global table spec is
    /// reused or a keyspace/table pair precedes the name; then the [option] type.
    /// </summary>
    public static ColumnSpec[] ReadColumnSpecs(ref CqlReader reader, int count, bool global)
    {
        string gKs = "", gTable = "";
        if (global)
        {
            gKs = reader.ReadString();
            gTable = reader.ReadString();
        }
        // Minimum column spec: name length (2) + option id (2), plus 4 more without a global spec.
        CheckRoom(ref reader, count, global ? 4 : 8, "column specs");
        var columns = new ColumnSpec[count];
        for (int i = 0; i < count; i++)
        {
            string ks = global ? gKs : reader.ReadString();
            string table = global ? gTable : reader.ReadString();
            string name = reader.ReadString();
            columns[i] = new ColumnSpec(ks, table, name, CqlTypeCodec.Read(ref reader));
        }
        return columns;
    }

    /// <summary>Writes column specs; with <paramref name="global"/> the first column's table spec is written once.</summary>
    public static void WriteColumnSpecs(ref CqlWriter writer, IReadOnlyList<ColumnSpec> columns, bool global)
    {
        if (global && columns.Count > 0)
        {
            if (!ColumnSpec.ShareTable(columns))
                throw new CqlProtocolException("Global table spec requested but the columns belong to different tables");
            writer.WriteString(columns[0].Keyspace);
            writer.WriteString(columns[0].Table);
        }
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (!global)
            {
                writer.WriteString(c.Keyspace);
                writer.WriteString(c.Table);
            }
            writer.WriteString(c.Name);
            CqlTypeCodec.Write(ref writer, c.Type);
        }
    }

    /// <summary>Writes a [string multimap] from read-only lists (the writer's overload wants mutable lists).</summary>
    public static void WriteStringMultimap(ref CqlWriter writer, IReadOnlyDictionary<string, IReadOnlyList<string>> map)
    {
        writer.WriteUShort(ToUShortCount(map.Count, "multimap keys"));
        foreach (var (k, v) in map)
        {
            writer.WriteString(k);
            writer.WriteUShort(ToUShortCount(v.Count, "strings"));
            for (int i = 0; i < v.Count; i++) writer.WriteString(v[i]);
        }
    }

    public static void WriteStringList(ref CqlWriter writer, IReadOnlyList<string> list)
    {
        writer.WriteUShort(ToUShortCount(list.Count, "strings"));
        for (int i = 0; i < list.Count; i++) writer.WriteString(list[i]);
    }

    public static string Describe(Opcode opcode) => $"{opcode} (0x{(byte)opcode:X2})";
}
