using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// BATCH (spec 4.1.7): <c>&lt;type&gt;&lt;n&gt;&lt;query_1&gt;...&lt;query_n&gt;&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;][&lt;keyspace&gt;][&lt;now_in_seconds&gt;]</c>.
/// Flags are derived from the optional properties.
/// </summary>
public sealed record BatchRequest(BatchType Type, IReadOnlyList<BatchStatement> Statements, Consistency Consistency) : IRequest
{
    // The four low bits (values, skip metadata, page size, paging state) "must always be 0" for BATCH.
    private const QueryFlags QueryOnlyFlags = QueryFlags.Values | QueryFlags.SkipMetadata | QueryFlags.PageSize | QueryFlags.WithPagingState;

    /// <summary>Serial consistency for conditional statements (flag 0x10).</summary>
    public Consistency? SerialConsistency { get; init; }

    /// <summary>Default timestamp in microseconds (flag 0x20).</summary>
    public long? DefaultTimestamp { get; init; }

    /// <summary>v5 only (flag 0x80).</summary>
    public string? Keyspace { get; init; }

    /// <summary>v5 only (flag 0x100).</summary>
    public int? NowInSeconds { get; init; }

    /// <summary>The flags this batch encodes to.</summary>
    public QueryFlags Flags =>
        (SerialConsistency is null ? 0 : QueryFlags.WithSerialConsistency) |
        (DefaultTimestamp is null ? 0 : QueryFlags.WithDefaultTimestamp) |
        (Keyspace is null ? 0 : QueryFlags.WithKeyspace) |
        (NowInSeconds is null ? 0 : QueryFlags.WithNowInSeconds);

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Batch;

    /// <summary>Reads the body of a BATCH.</summary>
    /// <exception cref="CqlProtocolException">Unknown batch type or statement kind, query-only flags, or named values.</exception>
    public static BatchRequest Read(ref CqlReader reader, byte version)
    {
        byte type = reader.ReadByte();
        if (type > (byte)BatchType.Counter) throw new CqlProtocolException($"Unknown BATCH type {type}");
        int n = reader.ReadUShort();
        // Smallest statement: kind (1) + empty [short bytes] id (2) + value count (2).
        MessageWire.CheckRoom(ref reader, n, 5, "batch statements");
        var statements = new BatchStatement[n];
        for (int i = 0; i < n; i++) statements[i] = BatchStatement.Read(ref reader);
        var consistency = MessageWire.ReadConsistency(ref reader);
        var flags = version >= ProtocolVersion.V5 ? (QueryFlags)reader.ReadInt() : (QueryFlags)reader.ReadByte();
        if ((flags & QueryFlags.WithNamesForValues) != 0)
        {
            // The flag comes after the statements, so the values were already read without names: the body
            // cannot be parsed, which is why the spec says the feature "does not work and should not be used".
            throw new CqlProtocolException("Named values are not supported in BATCH (CASSANDRA-10246)");
        }
        if ((flags & QueryOnlyFlags) != 0)
            throw new CqlProtocolException($"Invalid BATCH flags 0x{(int)flags:X}: the four low bits must be 0");
        Consistency? serial = (flags & QueryFlags.WithSerialConsistency) != 0 ? MessageWire.ReadConsistency(ref reader) : null;
        long? timestamp = (flags & QueryFlags.WithDefaultTimestamp) != 0 ? reader.ReadLong() : null;
        string? keyspace = null;
        int? now = null;
        if (version >= ProtocolVersion.V5)
        {
            if ((flags & QueryFlags.WithKeyspace) != 0) keyspace = reader.ReadString();
            if ((flags & QueryFlags.WithNowInSeconds) != 0) now = reader.ReadInt();
        }
        return new BatchRequest((BatchType)type, statements, consistency)
        {
            SerialConsistency = serial,
            DefaultTimestamp = timestamp,
            Keyspace = keyspace,
            NowInSeconds = now,
        };
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        if (Keyspace is not null) MessageWire.RequireVersion(version, ProtocolVersion.V5, "BATCH keyspace");
        if (NowInSeconds is not null) MessageWire.RequireVersion(version, ProtocolVersion.V5, "BATCH now_in_seconds");
        writer.WriteByte((byte)Type);
        writer.WriteUShort(MessageWire.ToUShortCount(Statements.Count, "batch statements"));
        for (int i = 0; i < Statements.Count; i++) Statements[i].Write(ref writer);
        writer.WriteConsistency(Consistency);
        if (version >= ProtocolVersion.V5) writer.WriteInt((int)Flags);
        else writer.WriteByte((byte)Flags);
        if (SerialConsistency is { } serial) writer.WriteConsistency(serial);
        if (DefaultTimestamp is { } ts) writer.WriteLong(ts);
        if (Keyspace is { } ks) writer.WriteString(ks);
        if (NowInSeconds is { } now) writer.WriteInt(now);
    }
}
