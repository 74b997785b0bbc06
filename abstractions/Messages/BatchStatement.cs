using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// One &lt;query_i&gt; of a BATCH (spec 4.1.7): either CQL text (kind 0) or a prepared id (kind 1), with positional
/// values. Named values are not modelled because the spec declares them unimplementable for BATCH (CASSANDRA-10246).
/// </summary>
public sealed record BatchStatement
{
    private BatchStatement(string? query, ReadOnlyMemory<byte>? preparedId, IReadOnlyList<CqlValueSlice> values)
    {
        Query = query;
        PreparedId = preparedId;
        Values = values;
    }

    /// <summary>The CQL text when <see cref="IsPrepared"/> is false.</summary>
    public string? Query { get; }

    /// <summary>The prepared id ([short bytes] view) when <see cref="IsPrepared"/> is true.</summary>
    public ReadOnlyMemory<byte>? PreparedId { get; }

    /// <summary>Bound values in marker order.</summary>
    public IReadOnlyList<CqlValueSlice> Values { get; }

    /// <summary>True for kind 1 (prepared id), false for kind 0 (query string).</summary>
    public bool IsPrepared => PreparedId is not null;

    /// <summary>A statement given as CQL text.</summary>
    public static BatchStatement ForQuery(string query, IReadOnlyList<CqlValueSlice>? values = null) =>
        new(query ?? throw new ArgumentNullException(nameof(query)), null, values ?? []);

    /// <summary>A statement given as a prepared id.</summary>
    public static BatchStatement ForPrepared(ReadOnlyMemory<byte> preparedId, IReadOnlyList<CqlValueSlice>? values = null) =>
        new(null, preparedId, values ?? []);

    internal static BatchStatement Read(ref CqlReader reader)
    {
        byte kind = reader.ReadByte();
        string? query = null;
        ReadOnlyMemory<byte>? id = null;
        switch (kind)
        {
            case 0: query = reader.ReadLongString(); break;
            case 1: id = reader.ReadShortBytes(); break;
            default: throw new CqlProtocolException($"Invalid BATCH statement kind {kind} (must be 0 or 1)");
        }
        int n = reader.ReadUShort();
        MessageWire.CheckRoom(ref reader, n, 4, "bound values");
        var values = new CqlValueSlice[n];
        for (int i = 0; i < n; i++) values[i] = reader.ReadValue();
        return new BatchStatement(query, id, values);
    }

    internal void Write(ref CqlWriter writer)
    {
        if (PreparedId is { } id)
        {
            writer.WriteByte(1);
            writer.WriteShortBytes(id.Span);
        }
        else
        {
            writer.WriteByte(0);
            writer.WriteLongString(Query!);
        }
        writer.WriteUShort(MessageWire.ToUShortCount(Values.Count, "bound values"));
        for (int i = 0; i < Values.Count; i++) writer.WriteValue(Values[i]);
    }
}
