using ScriptProxy.Abstractions.Buffers;

namespace ScriptProxy.Node.Server;

/// <summary>
/// A complete envelope queued for the connection's writer. <see cref="StartFraming"/> marks the READY that ends the
/// unframed v5 handshake: everything written after it goes out in segments.
/// </summary>
internal sealed record OutgoingFrame(BufferLease Envelope, bool StartFraming = false, bool Lz4 = false);
