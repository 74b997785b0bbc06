using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// RESULT Prepared (spec 4.2.5.4): <c>&lt;id&gt;[&lt;result_metadata_id&gt;]&lt;metadata&gt;&lt;result_metadata&gt;</c>.
/// </summary>
/// <param name="Id">The prepared statement id ([short bytes]).</param>
/// <param name="ResultMetadataId">v5 only (required there): id of <paramref name="ResultMetadata"/>.</param>
/// <param name="Variables">The bind markers.</param>
/// <param name="ResultMetadata">Columns an execution returns; <see cref="RowsMetadata.Empty"/> for non-SELECTs.</param>
public sealed record PreparedResult(ReadOnlyMemory<byte> Id, ReadOnlyMemory<byte>? ResultMetadataId, PreparedMetadata Variables, RowsMetadata ResultMetadata) : ResultResponse
{
    /// <inheritdoc />
    public override ResultKind Kind => ResultKind.Prepared;

    /// <summary>Reads the body after the [int] kind (use <see cref="ResultResponse.Read"/> to include the kind).</summary>
    public static new PreparedResult Read(ref CqlReader reader, byte version)
    {
        var id = reader.ReadShortBytes();
        ReadOnlyMemory<byte>? metadataId = version >= ProtocolVersion.V5 ? reader.ReadShortBytes() : (ReadOnlyMemory<byte>?)null;
        var variables = PreparedMetadata.Read(ref reader, version);
        return new PreparedResult(id, metadataId, variables, RowsMetadata.Read(ref reader, version));
    }

    private protected override void WriteBody(ref CqlWriter writer, byte version)
    {
        writer.WriteShortBytes(Id.Span);
        if (version >= ProtocolVersion.V5)
        {
            if (ResultMetadataId is not { } metadataId) throw new CqlProtocolException("A v5 Prepared result requires a result_metadata_id");
            writer.WriteShortBytes(metadataId.Span);
        }
        else if (ResultMetadataId is not null)
        {
            MessageWire.RequireVersion(version, ProtocolVersion.V5, "result_metadata_id");
        }
        Variables.Write(ref writer, version);
        ResultMetadata.Write(ref writer, version);
    }
}
