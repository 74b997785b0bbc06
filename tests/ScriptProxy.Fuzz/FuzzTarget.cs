namespace ScriptProxy.Fuzz;

/// <summary>What one in-process fuzz case exercises.</summary>
public enum FuzzTarget
{
    /// <summary>A mutated envelope through FrameValidator, MessageCodec (both directions), RequestBodyValidator and the rows value codec.</summary>
    Envelope,

    /// <summary>A mutated compressed v3/v4 envelope: BodyCompression decompress, then the envelope decoders.</summary>
    CompressedEnvelope,

    /// <summary>A mutated v5 segment stream: SegmentDecoder, SegmentReassembler, then the envelope decoders.</summary>
    Segments,

    /// <summary>A column type ([option], possibly mutated) and mutated value bytes through CqlTypeCodec and CqlValueCodec.</summary>
    Value,
}
