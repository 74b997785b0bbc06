using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Client;

/// <summary>
/// A response as the cheap send path returns it: the envelope header, plus the decoded message when it was asked
/// for (<see cref="CqlConnection.SendAsync"/>) or when it is an ERROR. No buffer is borrowed; it may be kept.
/// </summary>
public readonly struct CqlRawResponse
{
    internal CqlRawResponse(FrameHeader header, IResponse? message)
    {
        Header = header;
        Message = message;
    }

    /// <summary>The response's envelope header (opcode, flags, stream, body length as sent).</summary>
    public FrameHeader Header { get; }

    /// <summary>The decoded message, or null when only the header was kept (a non-error on the raw path).</summary>
    public IResponse? Message { get; }

    /// <summary>The response opcode.</summary>
    public Opcode Opcode => Header.Opcode;

    /// <summary>True for an ERROR response.</summary>
    public bool IsError => Header.Opcode == Opcode.Error;

    /// <summary>The decoded ERROR, or null when the response is not an error.</summary>
    public ErrorResponse? Error => Message as ErrorResponse;
}
