using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// The bind-marker &lt;metadata&gt; of a Prepared result (spec 4.2.5.4). From v4:
/// <c>&lt;flags&gt;&lt;columns_count&gt;&lt;pk_count&gt;[&lt;pk_index_i&gt;...][&lt;global_table_spec&gt;?&lt;col_spec_i&gt;...]</c>;
/// in v3 it has the rows-metadata layout and no partition key indexes.
/// </summary>
/// <param name="Columns">One spec per bind marker.</param>
/// <param name="PartitionKeyIndexes">v4+: bind marker index of each partition key column (empty when unknown); null in v3.</param>
public sealed record PreparedMetadata(IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<ushort>? PartitionKeyIndexes = null)
{
    private const int GlobalFlag = 0x0001;

    /// <summary>No bind markers.</summary>
    public static PreparedMetadata Empty { get; } = new([], []);

    /// <summary>Write one table spec for all markers; defaults to true when they share a table.</summary>
    public bool GlobalTableSpec { get; init; } = Columns.Count > 0 && ColumnSpec.ShareTable(Columns);

    /// <summary>Reads the bind-marker metadata.</summary>
    public static PreparedMetadata Read(ref CqlReader reader, byte version)
    {
        int flags = reader.ReadInt();
        int count = reader.ReadInt();
        if (count < 0) throw new CqlProtocolException($"Negative bind marker count {count}");
        ushort[]? pk = null;
        if (version >= ProtocolVersion.V4)
        {
            int pkCount = MessageWire.ReadCount(ref reader, 2, "partition key indexes");
            pk = new ushort[pkCount];
            for (int i = 0; i < pkCount; i++) pk[i] = reader.ReadUShort();
        }
        else
        {
            // v3 uses the rows layout: a paging state "can be assumed" absent but is skipped if present.
            if ((flags & (int)RowsFlags.HasMorePages) != 0) reader.ReadBytes();
            if ((flags & (int)RowsFlags.NoMetadata) != 0) return new PreparedMetadata([], null) { GlobalTableSpec = false };
        }
        bool global = (flags & GlobalFlag) != 0 && count > 0;
        var columns = MessageWire.ReadColumnSpecs(ref reader, count, global);
        return new PreparedMetadata(columns, pk) { GlobalTableSpec = global };
    }

    /// <summary>Writes the bind-marker metadata for <paramref name="version"/>.</summary>
    public void Write(ref CqlWriter writer, byte version)
    {
        bool global = GlobalTableSpec && Columns.Count > 0;
        writer.WriteInt(global ? GlobalFlag : 0);
        writer.WriteInt(Columns.Count);
        if (version >= ProtocolVersion.V4)
        {
            var pk = PartitionKeyIndexes ?? [];
            writer.WriteInt(pk.Count);
            for (int i = 0; i < pk.Count; i++) writer.WriteUShort(pk[i]);
        }
        MessageWire.WriteColumnSpecs(ref writer, Columns, global);
    }
}
