namespace ScriptProxy.Abstractions.Frames;

/// <summary>What is wrong with a header, if anything. Checked before the body is awaited.</summary>
public enum HeaderProblem
{
    None,
    UnsupportedVersion,
    WrongDirection,
    UnknownOpcode,
    OpcodeNotAllowedInDirection,
    NegativeLength,
    TooLarge,
    UnknownFlags,
}

/// <summary>Header checks shared by the host and the embedded node. Allocation-free.</summary>
public static class FrameValidator
{
    private const FrameFlags KnownFlags = FrameFlags.Compression | FrameFlags.Tracing | FrameFlags.CustomPayload | FrameFlags.Warning | FrameFlags.UseBeta;

    /// <param name="header">The parsed header.</param>
    /// <param name="expectResponse">True when reading frames sent by a server.</param>
    /// <param name="maxBodyLength">Configured maximum body size.</param>
    public static HeaderProblem Check(in FrameHeader header, bool expectResponse, int maxBodyLength)
    {
        if (!ProtocolVersion.IsSupported(header.Version)) return HeaderProblem.UnsupportedVersion;
        if (header.IsResponse != expectResponse) return HeaderProblem.WrongDirection;
        if (header.BodyLength < 0) return HeaderProblem.NegativeLength;
        if (header.BodyLength > maxBodyLength) return HeaderProblem.TooLarge;
        if ((header.Flags & ~KnownFlags) != 0) return HeaderProblem.UnknownFlags;
        bool known = expectResponse ? OpcodeInfo.IsResponse(header.Opcode) : OpcodeInfo.IsRequest(header.Opcode);
        if (!known)
        {
            return OpcodeInfo.IsRequest(header.Opcode) || OpcodeInfo.IsResponse(header.Opcode)
                ? HeaderProblem.OpcodeNotAllowedInDirection
                : HeaderProblem.UnknownOpcode;
        }
        return HeaderProblem.None;
    }

    /// <summary>True when the problem leaves the byte stream in sync (the next frame starts after BodyLength bytes).</summary>
    public static bool FramingSurvives(HeaderProblem problem) =>
        problem is HeaderProblem.None or HeaderProblem.UnknownOpcode or HeaderProblem.OpcodeNotAllowedInDirection or HeaderProblem.UnknownFlags;

    public static string Describe(HeaderProblem problem, in FrameHeader header, int maxBodyLength) => problem switch
    {
        HeaderProblem.None => "ok",
        HeaderProblem.UnsupportedVersion => ProtocolVersion.UnsupportedMessage(header.Version),
        HeaderProblem.WrongDirection => $"Frame direction bit is wrong for this connection (version byte 0x{header.VersionByte:X2})",
        HeaderProblem.UnknownOpcode => $"Unknown opcode 0x{(byte)header.Opcode:X2}",
        HeaderProblem.OpcodeNotAllowedInDirection => $"Opcode {header.Opcode} (0x{(byte)header.Opcode:X2}) is not valid in this direction",
        HeaderProblem.NegativeLength => $"Invalid frame body length {header.BodyLength}",
        HeaderProblem.TooLarge => $"Frame body of {header.BodyLength} bytes exceeds the maximum of {maxBodyLength} bytes",
        HeaderProblem.UnknownFlags => $"Unknown frame flags 0x{(byte)header.Flags:X2}",
        _ => problem.ToString(),
    };
}
