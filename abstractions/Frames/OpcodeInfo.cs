namespace ScriptProxy.Abstractions.Frames;

/// <summary>Which opcodes are legal in which direction. Table lookups only: used on the hot path.</summary>
public static class OpcodeInfo
{
    // Bit i set => opcode i is a valid request (client -> server).
    private const uint RequestMask =
        (1u << (int)Opcode.Startup) | (1u << (int)Opcode.Options) | (1u << (int)Opcode.Query) |
        (1u << (int)Opcode.Prepare) | (1u << (int)Opcode.Execute) | (1u << (int)Opcode.Register) |
        (1u << (int)Opcode.Batch) | (1u << (int)Opcode.AuthResponse);

    private const uint ResponseMask =
        (1u << (int)Opcode.Error) | (1u << (int)Opcode.Ready) | (1u << (int)Opcode.Authenticate) |
        (1u << (int)Opcode.Supported) | (1u << (int)Opcode.Result) | (1u << (int)Opcode.Event) |
        (1u << (int)Opcode.AuthChallenge) | (1u << (int)Opcode.AuthSuccess);

    public static bool IsRequest(Opcode opcode) => (byte)opcode < 32 && (RequestMask & (1u << (byte)opcode)) != 0;

    public static bool IsResponse(Opcode opcode) => (byte)opcode < 32 && (ResponseMask & (1u << (byte)opcode)) != 0;

    /// <summary>QUERY, PREPARE, EXECUTE and BATCH may carry a custom payload (spec section 2.4.1.2, flag 0x04).</summary>
    public static bool SupportsCustomPayload(Opcode opcode) =>
        opcode is Opcode.Query or Opcode.Prepare or Opcode.Execute or Opcode.Batch;
}
