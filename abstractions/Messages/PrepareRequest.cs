using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// PREPARE (spec 4.1.5): the [long string] query; from v5 followed by [int] flags and, with flag 0x01, a keyspace.
/// </summary>
/// <param name="Query">The CQL text to prepare.</param>
/// <param name="Keyspace">v5 only: keyspace the statement is prepared in (overrides the connection's).</param>
public sealed record PrepareRequest(string Query, string? Keyspace = null) : IRequest
{
    private const int WithKeyspaceFlag = 0x01;

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Prepare;

    /// <summary>Reads the body of a PREPARE.</summary>
    public static PrepareRequest Read(ref CqlReader reader, byte version)
    {
        string query = reader.ReadLongString();
        if (version < ProtocolVersion.V5) return new PrepareRequest(query);
        int flags = reader.ReadInt();
        string? keyspace = (flags & WithKeyspaceFlag) != 0 ? reader.ReadString() : null;
        return new PrepareRequest(query, keyspace);
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteLongString(Query);
        if (version < ProtocolVersion.V5)
        {
            if (Keyspace is not null) MessageWire.RequireVersion(version, ProtocolVersion.V5, "PREPARE with keyspace");
            return;
        }
        writer.WriteInt(Keyspace is null ? 0 : WithKeyspaceFlag);
        if (Keyspace is not null) writer.WriteString(Keyspace);
    }
}
