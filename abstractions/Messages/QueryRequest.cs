using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>QUERY (spec 4.1.4): <c>&lt;query&gt;&lt;query_parameters&gt;</c>.</summary>
/// <param name="Query">The CQL text ([long string]).</param>
/// <param name="Parameters">Consistency, values, paging and the other flags.</param>
public sealed record QueryRequest(string Query, QueryParameters Parameters) : IRequest
{
    /// <summary>A query with no values at <paramref name="consistency"/>.</summary>
    public QueryRequest(string query, Consistency consistency = Consistency.One) : this(query, new QueryParameters(consistency))
    {
    }

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Query;

    /// <summary>Reads the body of a QUERY (after the envelope preamble).</summary>
    public static QueryRequest Read(ref CqlReader reader, byte version)
    {
        string query = reader.ReadLongString();
        return new QueryRequest(query, QueryParameters.Read(ref reader, version));
    }

    /// <summary>
    /// Reads only the query text (as a UTF-8 view, no string allocated) and the consistency, for routing decisions
    /// that must not pay for the values. Leaves <paramref name="reader"/> just after the consistency.
    /// </summary>
    public static ReadOnlyMemory<byte> PeekQueryUtf8(ref CqlReader reader, out Consistency consistency)
    {
        var query = reader.ReadLongStringUtf8();
        consistency = MessageWire.ReadConsistency(ref reader);
        return query;
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteLongString(Query);
        Parameters.Write(ref writer, version);
    }
}
