using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Protocol;

/// <summary>
/// Walks a request body per spec section 4.1 without materialising anything, so a malformed request is
/// answered by the proxy (ERROR 0x000A on its stream) instead of being forwarded. Allocation-free on valid
/// input; throws <see cref="CqlProtocolException"/> with the reason on invalid input.
/// </summary>
internal static class RequestBodyValidator
{
    private const int QueryFlagValues = 0x01;
    private const int QueryFlagPageSize = 0x04;
    private const int QueryFlagPagingState = 0x08;
    private const int QueryFlagSerialConsistency = 0x10;
    private const int QueryFlagDefaultTimestamp = 0x20;
    private const int QueryFlagNamedValues = 0x40;
    private const int QueryFlagKeyspace = 0x80;
    private const int QueryFlagNowInSeconds = 0x100;

    public static void Validate(in FrameHeader header, ReadOnlyMemory<byte> body)
    {
        var r = new CqlReader(body);
        byte v = header.Version;
        // The same rule the typed decoder uses (v4+, QUERY/PREPARE/EXECUTE/BATCH): v3 has no custom payload.
        if (MessageEnvelope.HasCustomPayload(header)) SkipBytesMap(ref r);
        switch (header.Opcode)
        {
            case Opcode.Startup:
                SkipStringMap(ref r);
                break;
            case Opcode.AuthResponse:
                r.ReadBytes();
                break;
            case Opcode.Options:
                break;
            case Opcode.Query:
                SkipLongString(ref r);
                SkipQueryParameters(ref r, v);
                break;
            case Opcode.Prepare:
                SkipLongString(ref r);
                if (v >= ProtocolVersion.V5 && (r.ReadInt() & 0x01) != 0) SkipString(ref r);
                break;
            case Opcode.Execute:
                if (r.ReadShortBytes().IsEmpty) throw new CqlProtocolException("EXECUTE with an empty prepared statement id");
                if (v >= ProtocolVersion.V5) r.ReadShortBytes();
                SkipQueryParameters(ref r, v);
                break;
            case Opcode.Batch:
                SkipBatch(ref r, v);
                break;
            case Opcode.Register:
                int n = r.ReadUShort();
                for (int i = 0; i < n; i++) SkipString(ref r);
                break;
            default:
                throw new CqlProtocolException($"Opcode {header.Opcode} is not a request");
        }
    }

    private static void SkipQueryParameters(ref CqlReader r, byte version)
    {
        CheckConsistency(r.ReadUShort());
        int flags = version >= ProtocolVersion.V5 ? r.ReadInt() : r.ReadByte();
        if ((flags & QueryFlagValues) != 0)
        {
            int n = r.ReadUShort();
            bool named = (flags & QueryFlagNamedValues) != 0;
            for (int i = 0; i < n; i++)
            {
                if (named) SkipString(ref r);
                SkipValue(ref r);
            }
        }
        // Cassandra rejects only 0; a negative page size means "no paging" there, so it must be forwarded.
        if ((flags & QueryFlagPageSize) != 0 && r.ReadInt() == 0) throw new CqlProtocolException("The page size cannot be 0");
        if ((flags & QueryFlagPagingState) != 0) r.ReadBytes();
        if ((flags & QueryFlagSerialConsistency) != 0) CheckConsistency(r.ReadUShort());
        if ((flags & QueryFlagDefaultTimestamp) != 0) r.ReadLong();
        if (version >= ProtocolVersion.V5)
        {
            if ((flags & QueryFlagKeyspace) != 0) SkipString(ref r);
            if ((flags & QueryFlagNowInSeconds) != 0) r.ReadInt();
        }
    }

    private static void SkipBatch(ref CqlReader r, byte version)
    {
        byte type = r.ReadByte();
        if (type > 2) throw new CqlProtocolException($"Invalid BATCH type {type}; expected 0 (LOGGED), 1 (UNLOGGED) or 2 (COUNTER)");
        int n = r.ReadUShort();
        for (int i = 0; i < n; i++)
        {
            byte kind = r.ReadByte();
            if (kind == 0) SkipLongString(ref r);
            else if (kind == 1) r.ReadShortBytes();
            else throw new CqlProtocolException($"Invalid BATCH statement kind {kind} at statement {i}; expected 0 (query) or 1 (prepared id)");
            int values = r.ReadUShort();
            for (int j = 0; j < values; j++) SkipValue(ref r);
        }
        CheckConsistency(r.ReadUShort());
        int flags = version >= ProtocolVersion.V5 ? r.ReadInt() : r.ReadByte();
        if ((flags & QueryFlagSerialConsistency) != 0) CheckConsistency(r.ReadUShort());
        if ((flags & QueryFlagDefaultTimestamp) != 0) r.ReadLong();
        if (version >= ProtocolVersion.V5)
        {
            if ((flags & QueryFlagKeyspace) != 0) SkipString(ref r);
            if ((flags & QueryFlagNowInSeconds) != 0) r.ReadInt();
        }
    }

    private static void CheckConsistency(ushort value)
    {
        if (value > (ushort)Consistency.LocalOne) throw new CqlProtocolException($"Unknown consistency level 0x{value:X4}");
    }

    private static void SkipValue(ref CqlReader r)
    {
        int n = r.ReadInt();
        if (n < -2) throw new CqlProtocolException($"Invalid [value] length {n}");
        if (n > 0) r.Skip(n);
    }

    private static void SkipString(ref CqlReader r) => r.Skip(r.ReadUShort());

    private static void SkipLongString(ref CqlReader r)
    {
        int n = r.ReadInt();
        if (n < 0) throw new CqlProtocolException($"Negative [long string] length {n}");
        r.Skip(n);
    }

    private static void SkipStringMap(ref CqlReader r)
    {
        int n = r.ReadUShort();
        for (int i = 0; i < 2 * n; i++) SkipString(ref r);
    }

    private static void SkipBytesMap(ref CqlReader r)
    {
        int n = r.ReadUShort();
        for (int i = 0; i < n; i++)
        {
            SkipString(ref r);
            r.ReadBytes();
        }
    }
}
