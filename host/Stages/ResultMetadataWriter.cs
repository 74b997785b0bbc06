using System.Buffers;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Writes RESULT Rows metadata (spec 4.2.5.2) for rows a stage made: global table spec when every column
/// shares keyspace and table, no paging state, then each column's name and [option] type.
/// </summary>
internal static class ResultMetadataWriter
{
    private const int GlobalTablesSpec = 0x0001;

    public static void Write(IBufferWriter<byte> output, IReadOnlyList<ResultColumn> columns)
    {
        var w = new CqlWriter(output);
        bool global = columns.Count > 0 && columns.All(c => c.Keyspace == columns[0].Keyspace && c.Table == columns[0].Table);
        w.WriteInt(global ? GlobalTablesSpec : 0);
        w.WriteInt(columns.Count);
        if (global)
        {
            w.WriteString(columns[0].Keyspace);
            w.WriteString(columns[0].Table);
        }
        foreach (var column in columns)
        {
            if (!global)
            {
                w.WriteString(column.Keyspace);
                w.WriteString(column.Table);
            }
            w.WriteString(column.Name);
            WriteOption(output, column.Type);
        }
    }

    private static void WriteOption(IBufferWriter<byte> output, CqlType type)
    {
        var w = new CqlWriter(output);
        w.WriteUShort((ushort)type.Code);
        switch (type)
        {
            case CustomType custom:
                w.WriteString(custom.ClassName);
                break;
            case ListType list:
                WriteOption(output, list.Element);
                break;
            case SetType set:
                WriteOption(output, set.Element);
                break;
            case MapType map:
                WriteOption(output, map.Key);
                WriteOption(output, map.Value);
                break;
            case UdtType udt:
                w.WriteString(udt.Keyspace);
                w.WriteString(udt.Name);
                w.WriteUShort((ushort)udt.Fields.Count);
                foreach (var field in udt.Fields)
                {
                    new CqlWriter(output).WriteString(field.Name);
                    WriteOption(output, field.Type);
                }
                break;
            case TupleType tuple:
                w.WriteUShort((ushort)tuple.Elements.Count);
                foreach (var element in tuple.Elements) WriteOption(output, element);
                break;
        }
    }
}
