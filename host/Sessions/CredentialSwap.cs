using System.Buffers.Binary;
using System.Security.Cryptography;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Sessions;

/// <summary>
/// <c>"clientAuth": "replace"</c>: a client's AUTH_RESPONSE is not forwarded; an AUTH_RESPONSE carrying a SASL PLAIN
/// token for the configured upstream credentials goes in its place, on the same stream. Only PLAIN is spoken
/// (PasswordAuthenticator and compatible upstreams); the client's own token is dropped unread.
/// </summary>
internal static class CredentialSwap
{
    /// <summary>True when this request's token must be replaced.</summary>
    public static bool Applies(SessionContext session, in FrameHeader header) =>
        header.Opcode == Opcode.AuthResponse && session.Config.ClientAuth == ClientAuthPolicy.Replace;

    /// <summary>
    /// The replacement envelope: the request's version and stream, uncompressed (the compression flag is per frame, so
    /// an uncompressed frame is valid on a compressed connection), body <c>[bytes]</c> = NUL user NUL password.
    /// </summary>
    public static byte[] Envelope(in FrameHeader header, UpstreamCredentials credentials)
    {
        var token = credentials.PlainToken();
        try
        {
            int bodyLength = 4 + token.Length;
            var envelope = new byte[FrameHeader.Size + bodyLength];
            header.WithFlags(header.Flags & FrameFlags.UseBeta).WithBodyLength(bodyLength).Write(envelope);
            BinaryPrimitives.WriteInt32BigEndian(envelope.AsSpan(FrameHeader.Size), token.Length);
            token.CopyTo(envelope, FrameHeader.Size + 4);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
    }
}
