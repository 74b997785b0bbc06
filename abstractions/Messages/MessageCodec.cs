using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// Decodes frame bodies into typed messages. The body must already be decompressed. Decoded messages may hold
/// views into the body, so they are valid only as long as the frame's buffer is. Bytes after the message are
/// ignored, as the spec allows ("it will always be safe to ignore the remainder of the body").
/// </summary>
public static class MessageCodec
{
    /// <summary>Decodes a request frame (client to server).</summary>
    /// <exception cref="CqlProtocolException">Wrong direction, unsupported version, unknown opcode or malformed body.</exception>
    public static IRequest DecodeRequest(Frame frame) => DecodeRequest(frame.Header, frame.Body, out _);

    /// <summary>Decodes a request frame and its preamble.</summary>
    public static IRequest DecodeRequest(Frame frame, out MessageEnvelope envelope) => DecodeRequest(frame.Header, frame.Body, out envelope);

    /// <summary>Decodes a response frame (server to client).</summary>
    /// <exception cref="CqlProtocolException">Wrong direction, unsupported version, unknown opcode or malformed body.</exception>
    public static IResponse DecodeResponse(Frame frame) => DecodeResponse(frame.Header, frame.Body, out _);

    /// <summary>Decodes a response frame and its preamble.</summary>
    public static IResponse DecodeResponse(Frame frame, out MessageEnvelope envelope) => DecodeResponse(frame.Header, frame.Body, out envelope);

    /// <summary>Decodes a request body described by <paramref name="header"/>.</summary>
    public static IRequest DecodeRequest(in FrameHeader header, ReadOnlyMemory<byte> body, out MessageEnvelope envelope)
    {
        if (header.IsResponse) throw new CqlProtocolException($"Expected a request but got a response frame ({MessageWire.Describe(header.Opcode)})");
        return (IRequest)Decode(header, body, out envelope);
    }

    /// <summary>Decodes a response body described by <paramref name="header"/>.</summary>
    public static IResponse DecodeResponse(in FrameHeader header, ReadOnlyMemory<byte> body, out MessageEnvelope envelope)
    {
        if (!header.IsResponse) throw new CqlProtocolException($"Expected a response but got a request frame ({MessageWire.Describe(header.Opcode)})");
        return (IResponse)Decode(header, body, out envelope);
    }

    /// <summary>Decodes a body in the direction given by <paramref name="header"/>: preamble first, then the message.</summary>
    public static ICqlMessage Decode(in FrameHeader header, ReadOnlyMemory<byte> body, out MessageEnvelope envelope)
    {
        byte version = header.Version;
        if (!ProtocolVersion.IsSupported(version)) throw new CqlProtocolException(ProtocolVersion.UnsupportedMessage(version));
        var reader = new CqlReader(body);
        envelope = MessageEnvelope.Read(ref reader, header);
        return header.IsResponse ? ReadResponse(header.Opcode, ref reader, version) : ReadRequest(header.Opcode, ref reader, version);
    }

    /// <summary>Reads a request message proper (no preamble).</summary>
    public static IRequest ReadRequest(Opcode opcode, ref CqlReader reader, byte version) => opcode switch
    {
        Opcode.Startup => StartupRequest.Read(ref reader, version),
        Opcode.AuthResponse => AuthResponseRequest.Read(ref reader, version),
        Opcode.Options => OptionsRequest.Read(ref reader, version),
        Opcode.Query => QueryRequest.Read(ref reader, version),
        Opcode.Prepare => PrepareRequest.Read(ref reader, version),
        Opcode.Execute => ExecuteRequest.Read(ref reader, version),
        Opcode.Batch => BatchRequest.Read(ref reader, version),
        Opcode.Register => RegisterRequest.Read(ref reader, version),
        _ => throw new CqlProtocolException($"Opcode {MessageWire.Describe(opcode)} is not a request"),
    };

    /// <summary>Reads a response message proper (no preamble).</summary>
    public static IResponse ReadResponse(Opcode opcode, ref CqlReader reader, byte version) => opcode switch
    {
        Opcode.Error => ErrorResponse.Read(ref reader, version),
        Opcode.Ready => ReadyResponse.Read(ref reader, version),
        Opcode.Authenticate => AuthenticateResponse.Read(ref reader, version),
        Opcode.Supported => SupportedResponse.Read(ref reader, version),
        Opcode.Result => ResultResponse.Read(ref reader, version),
        Opcode.Event => EventResponse.Read(ref reader, version),
        Opcode.AuthChallenge => AuthChallengeResponse.Read(ref reader, version),
        Opcode.AuthSuccess => AuthSuccessResponse.Read(ref reader, version),
        _ => throw new CqlProtocolException($"Opcode {MessageWire.Describe(opcode)} is not a response"),
    };
}
