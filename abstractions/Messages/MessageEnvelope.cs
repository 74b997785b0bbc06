using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// The optional preamble before the message proper (spec section 4 of v4/v5, 2.2 of v3):
/// <c>[&lt;tracing_id&gt;][&lt;warnings&gt;][&lt;custom_payload&gt;]&lt;message&gt;</c>, each part present only when
/// its header flag is set. Values of <see cref="CustomPayload"/> are views into the frame.
/// </summary>
/// <param name="TracingId">Response only: the [uuid] tracing session (flag 0x02).</param>
/// <param name="Warnings">Response only, v4+: server warnings (flag 0x08).</param>
/// <param name="CustomPayload">v4+: the [bytes map] custom payload (flag 0x04).</param>
public sealed record MessageEnvelope(
    Guid? TracingId = null,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>?>? CustomPayload = null)
{
    /// <summary>No preamble: the body is the message proper. Shared, so decoding plain frames allocates nothing.</summary>
    public static MessageEnvelope Empty { get; } = new();

    /// <summary>True when nothing precedes the message.</summary>
    public bool IsEmpty => TracingId is null && Warnings is null && CustomPayload is null;

    /// <summary>
    /// The header flags this preamble needs: Tracing (responses only, since a request's tracing flag carries no
    /// body data), Warning and CustomPayload.
    /// </summary>
    public FrameFlags RequiredFlags(bool response)
    {
        var flags = FrameFlags.None;
        if (response && TracingId is not null) flags |= FrameFlags.Tracing;
        if (Warnings is not null) flags |= FrameFlags.Warning;
        if (CustomPayload is not null) flags |= FrameFlags.CustomPayload;
        return flags;
    }

    /// <summary>True when a body with this header starts with a custom payload.</summary>
    /// <remarks>
    /// v3 has no custom payloads (its spec calls the other flag bits unused and ignored). Requests only carry one
    /// for QUERY, PREPARE, EXECUTE and BATCH (spec section 4); responses carry it whenever the flag is set.
    /// </remarks>
    public static bool HasCustomPayload(in FrameHeader header) =>
        header.Version >= ProtocolVersion.V4 && (header.Flags & FrameFlags.CustomPayload) != 0 &&
        (header.IsResponse || OpcodeInfo.SupportsCustomPayload(header.Opcode));

    /// <summary>Reads the preamble announced by <paramref name="header"/>'s flags; returns <see cref="Empty"/> when there is none.</summary>
    public static MessageEnvelope Read(ref CqlReader reader, in FrameHeader header)
    {
        bool response = header.IsResponse;
        bool tracing = response && (header.Flags & FrameFlags.Tracing) != 0;
        bool warnings = response && header.Version >= ProtocolVersion.V4 && (header.Flags & FrameFlags.Warning) != 0;
        bool payload = HasCustomPayload(header);
        if (!tracing && !warnings && !payload) return Empty;

        Guid? tracingId = tracing ? reader.ReadUuid() : null;
        IReadOnlyList<string>? warningList = warnings ? MessageWire.ReadStringList(ref reader) : null;
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>?>? customPayload = payload ? reader.ReadBytesMap() : null;
        return new MessageEnvelope(tracingId, warningList, customPayload);
    }

    /// <summary>Writes the preamble parts that are set. Fails for parts the direction or version cannot carry.</summary>
    public void Write(ref CqlWriter writer, byte version, bool response, Opcode opcode)
    {
        if (TracingId is { } id)
        {
            if (!response) throw new CqlProtocolException("A request cannot carry a tracing id (the request's tracing flag has no body data)");
            writer.WriteUuid(id);
        }
        if (Warnings is { } w)
        {
            if (!response) throw new CqlProtocolException("Only responses carry warnings");
            MessageWire.RequireVersion(version, ProtocolVersion.V4, "Warnings");
            MessageWire.WriteStringList(ref writer, w);
        }
        if (CustomPayload is { } p)
        {
            MessageWire.RequireVersion(version, ProtocolVersion.V4, "Custom payload");
            if (!response && !OpcodeInfo.SupportsCustomPayload(opcode))
                throw new CqlProtocolException($"{MessageWire.Describe(opcode)} requests cannot carry a custom payload");
            writer.WriteBytesMap(p);
        }
    }
}
