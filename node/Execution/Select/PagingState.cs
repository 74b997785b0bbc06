using ScriptProxy.Abstractions.Buffers;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Execution.Select;

/// <summary>
/// Where a paged read stopped: the last partition key (bytes), the last row's clustering values (or none when the
/// partition was finished by a static-only or DISTINCT row), the LIMIT still remaining and rows already returned
/// from that partition (for PER PARTITION LIMIT). Positional, so pages stay stable while other partitions change.
/// </summary>
internal sealed record PagingState(byte[] PartitionKey, object?[]? Clustering, int Remaining, int EmittedInPartition)
{
    public byte[] Encode(TableMetadata table)
    {
        using var buffer = new PooledBufferWriter(64);
        var w = new CqlWriter(buffer);
        w.WriteBytes(PartitionKey.AsSpan());
        if (Clustering is null) w.WriteInt(-1);
        else
        {
            w.WriteInt(Clustering.Length);
            for (int i = 0; i < Clustering.Length; i++) CqlValueCodec.WriteBytes(table.Clustering[i].Type, Clustering[i], buffer, 4);
        }
        w.WriteInt(Remaining);
        w.WriteInt(EmittedInPartition);
        return buffer.WrittenSpan.ToArray();
    }

    public static PagingState Decode(TableMetadata table, byte[] bytes)
    {
        try
        {
            var r = new CqlReader(bytes);
            var key = r.ReadBytes()?.ToArray() ?? throw new CqlProtocolException("bad key");
            int n = r.ReadInt();
            object?[]? clustering = null;
            if (n >= 0)
            {
                clustering = new object?[n];
                for (int i = 0; i < n; i++)
                {
                    var b = r.ReadBytes();
                    clustering[i] = b is null ? null : CqlValueCodec.Decode(table.Clustering[i].Type, b.Value.Span, 4);
                }
            }
            return new PagingState(key, clustering, r.ReadInt(), r.ReadInt());
        }
        catch (Exception e) when (e is CqlProtocolException or IndexOutOfRangeException or ArgumentException)
        {
            throw new CqlException(ErrorCode.ProtocolError, "Invalid value for the paging state");
        }
    }
}
