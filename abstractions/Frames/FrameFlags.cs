namespace ScriptProxy.Abstractions.Frames;

/// <summary>Header flags (spec section 2.4.1.2 of v5, 2.2 of v3/v4).</summary>
[Flags]
public enum FrameFlags : byte
{
    None = 0,
    /// <summary>Body is compressed (v3/v4 only; deprecated and ignored in v5).</summary>
    Compression = 0x01,
    Tracing = 0x02,
    CustomPayload = 0x04,
    Warning = 0x08,
    /// <summary>USE_BETA (v5).</summary>
    UseBeta = 0x10,
}
