using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>EXECUTE (spec 4.1.6): <c>&lt;id&gt;[&lt;result_metadata_id&gt;]&lt;query_parameters&gt;</c>.</summary>
/// <param name="QueryId">The prepared statement id ([short bytes]), as a view.</param>
/// <param name="ResultMetadataId">v5 only (and required there): the result metadata id from PREPARED.</param>
/// <param name="Parameters">Consistency, values, paging and the other flags.</param>
public sealed record ExecuteRequest(ReadOnlyMemory<byte> QueryId, ReadOnlyMemory<byte>? ResultMetadataId, QueryParameters Parameters) : IRequest
{
    /// <inheritdoc />
    public Opcode Opcode => Opcode.Execute;

    /// <summary>Reads the body of an EXECUTE.</summary>
    public static ExecuteRequest Read(ref CqlReader reader, byte version)
    {
        var id = reader.ReadShortBytes();
        ReadOnlyMemory<byte>? metadataId = version >= ProtocolVersion.V5 ? reader.ReadShortBytes() : (ReadOnlyMemory<byte>?)null;
        return new ExecuteRequest(id, metadataId, QueryParameters.Read(ref reader, version));
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteShortBytes(QueryId.Span);
        if (version >= ProtocolVersion.V5)
        {
            if (ResultMetadataId is not { } metadataId) throw new CqlProtocolException("EXECUTE in v5 requires a result_metadata_id");
            writer.WriteShortBytes(metadataId.Span);
        }
        else if (ResultMetadataId is not null)
        {
            MessageWire.RequireVersion(version, ProtocolVersion.V5, "result_metadata_id");
        }
        Parameters.Write(ref writer, version);
    }
}
