using System.Buffers;
using Microsoft.Extensions.Logging;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Host.Protocol;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// Decides, per request envelope, whether it is forwarded or answered by the proxy: the connection's
/// version, the compression flag, the body walk, and noticing STARTUP. Shared by the unframed and the
/// v5 segmented paths so both judge requests the same way.
/// </summary>
internal sealed class RequestInspector(SessionContext session)
{
    /// <summary>Returns false when the envelope was answered here (a reply is queued) and must not be forwarded.</summary>
    public bool Accept(in FrameHeader header, in ReadOnlySequence<byte> body)
    {
        if (session.Version < 0) session.Version = header.Version;
        else if (header.Version != session.Version)
        {
            session.Reply(header.Version, header.Stream, ErrorCode.ProtocolError,
                $"Invalid message version. Got {header.Version} but previous messages on this connection had version {session.Version}");
            return false;
        }
        bool compressed = (header.Flags & FrameFlags.Compression) != 0 && header.Version < ProtocolVersion.V5;
        if (compressed && session.Compression is null)
        {
            session.Reply(header.Version, header.Stream, ErrorCode.ProtocolError,
                "Frame has the compression flag set but no compression was negotiated in STARTUP");
            return false;
        }
        bool validate = session.Config.ValidateRequests;
        if (!validate && header.Opcode != Opcode.Startup) return true;
        byte[]? rented = null;
        Abstractions.Buffers.BufferLease? decompressed = null;
        try
        {
            ReadOnlyMemory<byte> contiguous;
            if (body.IsSingleSegment) contiguous = body.First;
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(rented);
                contiguous = rented.AsMemory(0, (int)body.Length);
            }
            if (compressed)
            {
                decompressed = session.Compression!.Decompress(contiguous.Span, session.Config.MaxFrameBytes);
                contiguous = decompressed.Memory;
            }
            if (validate) RequestBodyValidator.Validate(header, contiguous);
            if (header.Opcode == Opcode.Startup) ObserveStartup(header, contiguous);
            return true;
        }
        catch (CqlProtocolException e)
        {
            session.Reply(header.Version, header.Stream, e.Code, $"Invalid {header.Opcode} request: {e.Message}");
            return false;
        }
        finally
        {
            decompressed?.Dispose();
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void ObserveStartup(in FrameHeader header, ReadOnlyMemory<byte> body)
    {
        var reader = new CqlReader(body);
        var options = reader.ReadStringMap();
        options.TryGetValue("COMPRESSION", out var compression);
        session.PendingStartup = new StartupObservation(header.Stream, header.Version, compression?.ToLowerInvariant());
        session.Log.LogDebug("{Client}: STARTUP v{Version} compression={Compression}", session.ClientName, header.Version, compression ?? "none");
    }
}
