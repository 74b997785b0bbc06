using System.Security.Cryptography;
using System.Text;
using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Execution.Results;

namespace ScriptProxy.Node.Server;

/// <summary>Turns engine results (CLR values) into RESULT messages, encoding each cell with the value codec.</summary>
internal static class ResultEncoder
{
    public static ResultResponse Encode(ExecutionResult result, byte version) => result switch
    {
        RowSet rows => Rows(rows, version),
        KeyspaceSet ks => new SetKeyspaceResult(ks.Keyspace),
        SchemaChanged sc => new SchemaChangeResult(sc.Change),
        _ => VoidResult.Instance,
    };

    public static RowsResult Rows(RowSet rows, byte version)
    {
        using var content = new PooledBufferWriter(256 + rows.Rows.Count * rows.Columns.Count * 8);
        foreach (var row in rows.Rows)
        {
            for (int i = 0; i < rows.Columns.Count; i++) CqlValueCodec.WriteBytes(rows.Columns[i].Type, row[i], content, version);
        }
        ReadOnlyMemory<byte>? paging = rows.PagingState is { } ps ? new ReadOnlyMemory<byte>(ps) : default(ReadOnlyMemory<byte>?);
        var metadata = new RowsMetadata(rows.Columns, paging);
        return new RowsResult(metadata, rows.Rows.Count, content.WrittenSpan.ToArray());
    }

    /// <summary>v5 result_metadata_id: a digest of the result columns, so drivers notice when they change.</summary>
    public static byte[] MetadataId(IReadOnlyList<ColumnSpec> columns)
    {
        var sb = new StringBuilder();
        foreach (var c in columns) sb.Append(c.Keyspace).Append('.').Append(c.Table).Append('.').Append(c.Name).Append(':').Append(c.Type).Append(';');
        return MD5.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
    }
}
