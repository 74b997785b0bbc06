using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// &lt;query_parameters&gt; shared by QUERY and EXECUTE (spec 4.1.4). The flags are derived from which
/// properties are set, so a model can never disagree with its own flags. Bound values are zero-copy views.
/// A struct: decoding a QUERY should allocate only the query text and the values array.
/// </summary>
public readonly record struct QueryParameters
{
    /// <summary>Parameters with only a consistency level (no values, no paging, server defaults).</summary>
    public QueryParameters(Consistency consistency) => Consistency = consistency;

    /// <summary>The [consistency] of the operation.</summary>
    public Consistency Consistency { get; init; }

    /// <summary>Bound values (flag 0x01); null when the flag is absent, empty when present with n = 0.</summary>
    public IReadOnlyList<CqlValueSlice>? Values { get; init; }

    /// <summary>Names of <see cref="Values"/> (flag 0x40), same count and order; null for positional values.</summary>
    public IReadOnlyList<string>? ValueNames { get; init; }

    /// <summary>Skip_metadata (0x02): the rows result should carry NO_METADATA.</summary>
    public bool SkipMetadata { get; init; }

    /// <summary>Desired page size in rows (0x04).</summary>
    public int? PageSize { get; init; }

    /// <summary>Paging state from a previous page (0x08), as a view.</summary>
    public ReadOnlyMemory<byte>? PagingState { get; init; }

    /// <summary>Serial consistency for conditional updates (0x10).</summary>
    public Consistency? SerialConsistency { get; init; }

    /// <summary>Default timestamp in microseconds (0x20).</summary>
    public long? DefaultTimestamp { get; init; }

    /// <summary>v5 only (0x80): keyspace overriding the connection's.</summary>
    public string? Keyspace { get; init; }

    /// <summary>v5 only (0x100): "now" in seconds, for testing TTLs.</summary>
    public int? NowInSeconds { get; init; }

    /// <summary>The flags these parameters encode to.</summary>
    public QueryFlags Flags
    {
        get
        {
            var f = QueryFlags.None;
            if (Values is not null) f |= QueryFlags.Values;
            if (Values is not null && ValueNames is not null) f |= QueryFlags.WithNamesForValues;
            if (SkipMetadata) f |= QueryFlags.SkipMetadata;
            if (PageSize is not null) f |= QueryFlags.PageSize;
            if (PagingState is not null) f |= QueryFlags.WithPagingState;
            if (SerialConsistency is not null) f |= QueryFlags.WithSerialConsistency;
            if (DefaultTimestamp is not null) f |= QueryFlags.WithDefaultTimestamp;
            if (Keyspace is not null) f |= QueryFlags.WithKeyspace;
            if (NowInSeconds is not null) f |= QueryFlags.WithNowInSeconds;
            return f;
        }
    }

    /// <summary>Reads &lt;query_parameters&gt;; the flags are a [byte] before v5 and an [int] from v5.</summary>
    public static QueryParameters Read(ref CqlReader reader, byte version)
    {
        var consistency = MessageWire.ReadConsistency(ref reader);
        var flags = version >= ProtocolVersion.V5 ? (QueryFlags)reader.ReadInt() : (QueryFlags)reader.ReadByte();
        IReadOnlyList<CqlValueSlice>? values = null;
        IReadOnlyList<string>? names = null;
        if ((flags & QueryFlags.Values) != 0)
        {
            // Names only count together with values (spec: "ignored otherwise").
            bool named = (flags & QueryFlags.WithNamesForValues) != 0;
            int n = reader.ReadUShort();
            MessageWire.CheckRoom(ref reader, n, named ? 6 : 4, "bound values");
            var valueArray = new CqlValueSlice[n];
            string[]? nameArray = named ? new string[n] : null;
            for (int i = 0; i < n; i++)
            {
                if (nameArray is not null) nameArray[i] = reader.ReadString();
                valueArray[i] = reader.ReadValue();
            }
            values = valueArray;
            names = nameArray;
        }
        int? pageSize = (flags & QueryFlags.PageSize) != 0 ? reader.ReadInt() : null;
        ReadOnlyMemory<byte>? pagingState = null;
        if ((flags & QueryFlags.WithPagingState) != 0)
        {
            // A null [bytes] paging state means "from the start", i.e. the same as no paging state.
            pagingState = reader.ReadBytes();
        }
        Consistency? serial = (flags & QueryFlags.WithSerialConsistency) != 0 ? MessageWire.ReadConsistency(ref reader) : null;
        long? timestamp = null;
        if ((flags & QueryFlags.WithDefaultTimestamp) != 0)
        {
            long ts = reader.ReadLong();
            // Cassandra refuses only long.MinValue (it is its "no timestamp" sentinel); other negatives pass.
            if (ts == long.MinValue) throw new CqlProtocolException("Out of bound default timestamp " + ts);
            timestamp = ts;
        }
        string? keyspace = null;
        int? now = null;
        // 0x80 and 0x100 do not exist before v5 (flags were a byte and 0x80 was unused): ignore them there.
        if (version >= ProtocolVersion.V5)
        {
            if ((flags & QueryFlags.WithKeyspace) != 0) keyspace = reader.ReadString();
            if ((flags & QueryFlags.WithNowInSeconds) != 0) now = reader.ReadInt();
        }
        return new QueryParameters(consistency)
        {
            Values = values,
            ValueNames = names,
            SkipMetadata = (flags & QueryFlags.SkipMetadata) != 0,
            PageSize = pageSize,
            PagingState = pagingState,
            SerialConsistency = serial,
            DefaultTimestamp = timestamp,
            Keyspace = keyspace,
            NowInSeconds = now,
        };
    }

    /// <summary>Writes &lt;query_parameters&gt; for <paramref name="version"/>.</summary>
    public void Write(ref CqlWriter writer, byte version)
    {
        var flags = Flags;
        if (Keyspace is not null) MessageWire.RequireVersion(version, ProtocolVersion.V5, "Per-query keyspace");
        if (NowInSeconds is not null) MessageWire.RequireVersion(version, ProtocolVersion.V5, "now_in_seconds");
        if (ValueNames is not null && (Values is null || ValueNames.Count != Values.Count))
            throw new CqlProtocolException("ValueNames must have exactly one name per bound value");
        writer.WriteConsistency(Consistency);
        if (version >= ProtocolVersion.V5) writer.WriteInt((int)flags);
        else writer.WriteByte((byte)flags);
        if (Values is { } values)
        {
            writer.WriteUShort(MessageWire.ToUShortCount(values.Count, "bound values"));
            for (int i = 0; i < values.Count; i++)
            {
                if (ValueNames is { } names) writer.WriteString(names[i]);
                writer.WriteValue(values[i]);
            }
        }
        if (PageSize is { } pageSize) writer.WriteInt(pageSize);
        if (PagingState is { } paging) writer.WriteBytes(paging.Span);
        if (SerialConsistency is { } serial) writer.WriteConsistency(serial);
        if (DefaultTimestamp is { } ts) writer.WriteLong(ts);
        if (Keyspace is { } ks) writer.WriteString(ks);
        if (NowInSeconds is { } now) writer.WriteInt(now);
    }
}
