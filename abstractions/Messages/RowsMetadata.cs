using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Rows &lt;metadata&gt; (spec 4.2.5.2): <c>&lt;flags&gt;&lt;columns_count&gt;[&lt;paging_state&gt;][&lt;new_metadata_id&gt;][&lt;global_table_spec&gt;?&lt;col_spec_1&gt;...&lt;col_spec_n&gt;]</c>.
/// The flags are derived from the properties: <see cref="Columns"/> null means NO_METADATA, a
/// <see cref="PagingState"/> means HAS_MORE_PAGES, a <see cref="NewMetadataId"/> means METADATA_CHANGED (v5).
/// </summary>
public sealed record RowsMetadata
{
    /// <summary>Metadata describing <paramref name="columns"/>; the global table spec is used when they share a table.</summary>
    public RowsMetadata(IReadOnlyList<ColumnSpec> columns, ReadOnlyMemory<byte>? pagingState = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        ColumnCount = columns.Count;
        GlobalTableSpec = columns.Count > 0 && ColumnSpec.ShareTable(columns);
        PagingState = pagingState;
    }

    private RowsMetadata(int columnCount, IReadOnlyList<ColumnSpec>? columns, bool global, ReadOnlyMemory<byte>? pagingState, ReadOnlyMemory<byte>? newMetadataId)
    {
        ColumnCount = columnCount;
        Columns = columns;
        GlobalTableSpec = global;
        PagingState = pagingState;
        NewMetadataId = newMetadataId;
    }

    /// <summary>Metadata without column specs (NO_METADATA), as answered to Skip_metadata requests.</summary>
    public static RowsMetadata NoMetadata(int columnCount, ReadOnlyMemory<byte>? pagingState = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        return new RowsMetadata(columnCount, null, false, pagingState, null);
    }

    /// <summary>NO_METADATA with zero columns: the result metadata of a prepared non-SELECT statement.</summary>
    public static RowsMetadata Empty { get; } = NoMetadata(0);

    /// <summary>Number of columns per row (also meaningful under NO_METADATA).</summary>
    public int ColumnCount { get; }

    /// <summary>The column specs, or null under NO_METADATA.</summary>
    public IReadOnlyList<ColumnSpec>? Columns { get; }

    /// <summary>Write one table spec for all columns (GLOBAL_TABLES_SPEC); requires all columns to share the table.</summary>
    public bool GlobalTableSpec { get; init; }

    /// <summary>Paging state for the next page (HAS_MORE_PAGES), as a view.</summary>
    public ReadOnlyMemory<byte>? PagingState { get; init; }

    /// <summary>v5 only: the new result metadata id (METADATA_CHANGED). Requires column specs.</summary>
    public ReadOnlyMemory<byte>? NewMetadataId { get; init; }

    /// <summary>The flags these metadata encode to.</summary>
    public RowsFlags Flags =>
        (GlobalTableSpec && Columns is { Count: > 0 } ? RowsFlags.GlobalTablesSpec : 0) |
        (PagingState is null ? 0 : RowsFlags.HasMorePages) |
        (Columns is null ? RowsFlags.NoMetadata : 0) |
        (NewMetadataId is null ? 0 : RowsFlags.MetadataChanged);

    /// <summary>Index of the column named <paramref name="name"/> (ordinal comparison), or -1 (also when there is no metadata).</summary>
    public int IndexOf(string name)
    {
        if (Columns is null) return -1;
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>Reads rows metadata. Unknown flag bits are ignored; METADATA_CHANGED only counts in v5.</summary>
    public static RowsMetadata Read(ref CqlReader reader, byte version)
    {
        var flags = (RowsFlags)reader.ReadInt();
        int count = reader.ReadInt();
        if (count < 0) throw new CqlProtocolException($"Negative column count {count}");
        ReadOnlyMemory<byte>? paging = (flags & RowsFlags.HasMorePages) != 0 ? reader.ReadBytes() : null;
        ReadOnlyMemory<byte>? newId = null;
        bool noMetadata = (flags & RowsFlags.NoMetadata) != 0;
        if (version >= ProtocolVersion.V5 && (flags & RowsFlags.MetadataChanged) != 0)
        {
            if (noMetadata) throw new CqlProtocolException("Rows metadata has both METADATA_CHANGED and NO_METADATA");
            newId = reader.ReadShortBytes();
        }
        if (noMetadata) return new RowsMetadata(count, null, false, paging, null);
        bool global = (flags & RowsFlags.GlobalTablesSpec) != 0 && count > 0;
        var columns = MessageWire.ReadColumnSpecs(ref reader, count, global);
        return new RowsMetadata(count, columns, global, paging, newId);
    }

    /// <summary>Writes rows metadata for <paramref name="version"/>.</summary>
    public void Write(ref CqlWriter writer, byte version)
    {
        if (NewMetadataId is not null)
        {
            MessageWire.RequireVersion(version, ProtocolVersion.V5, "METADATA_CHANGED");
            if (Columns is null) throw new CqlProtocolException("METADATA_CHANGED requires column metadata");
        }
        if (Columns is not null && Columns.Count != ColumnCount) throw new CqlProtocolException("Column count does not match the column specs");
        var flags = Flags;
        writer.WriteInt((int)flags);
        writer.WriteInt(ColumnCount);
        if (PagingState is { } paging) writer.WriteBytes(paging.Span);
        if (NewMetadataId is { } id) writer.WriteShortBytes(id.Span);
        if (Columns is not null) MessageWire.WriteColumnSpecs(ref writer, Columns, (flags & RowsFlags.GlobalTablesSpec) != 0);
    }
}
