using ScriptProxy.Abstractions.Compression;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Upstreams.Cluster.Sessions;

/// <summary>
/// The client's handshake as the first node saw it (STARTUP body, AUTH_RESPONSE tokens in order), replayed on every
/// further node connection of the session so each one is in the same state.
/// </summary>
internal sealed class HandshakeRecord
{
    private readonly List<byte[]> _authResponses = [];

    public byte Version { get; private set; }

    /// <summary>The STARTUP body (never compressed), or null before STARTUP.</summary>
    public byte[]? Startup { get; private set; }

    /// <summary>v3/v4 body compressor negotiated by STARTUP, or null.</summary>
    public IBodyCompressor? BodyCompressor { get; private set; }

    /// <summary>v5: segments are LZ4-compressed.</summary>
    public bool SegmentLz4 { get; private set; }

    /// <summary>READY or AUTH_SUCCESS was answered: further node connections can be opened by replaying this.</summary>
    public bool Complete { get; set; }

    public IReadOnlyList<byte[]> AuthResponses => _authResponses;

    public bool Segmented => Version >= ProtocolVersion.V5;

    public void RecordStartup(byte version, byte[] body, string? compression)
    {
        Version = version;
        Startup = body;
        if (version >= ProtocolVersion.V5) SegmentLz4 = string.Equals(compression, "lz4", StringComparison.OrdinalIgnoreCase);
        else BodyCompressor = BodyCompression.Create(compression);
    }

    public void RecordAuthResponse(byte[] body) => _authResponses.Add(body);
}
