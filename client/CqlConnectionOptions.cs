using System.Net.Security;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Client;

/// <summary>How a <see cref="CqlConnection"/> connects and negotiates. Immutable; share one instance freely.</summary>
public sealed record CqlConnectionOptions
{
    /// <summary>Defaults: protocol v4, no compression, no OPTIONS, continuations off the read loop.</summary>
    public static CqlConnectionOptions Default { get; } = new();

    /// <summary>Native protocol version: 3, 4 or 5. From v5 the connection switches to segment framing after READY.</summary>
    public byte Version { get; init; } = ProtocolVersion.V4;

    /// <summary>STARTUP COMPRESSION: null (none) or "lz4". With v5 it selects the LZ4 segment format.</summary>
    public string? Compression { get; init; }

    /// <summary>Send OPTIONS before STARTUP and keep the SUPPORTED answer in <see cref="CqlConnection.Supported"/>.</summary>
    public bool SendOptions { get; init; }

    /// <summary>The CQL_VERSION sent in STARTUP.</summary>
    public string CqlVersion { get; init; } = "3.0.0";

    /// <summary>Most requests in flight at once (1 to 32768). A request beyond it waits for a free stream id.</summary>
    public int MaxInFlight { get; init; } = 32768;

    /// <summary>
    /// Run awaiting code directly on the read loop when a response arrives (no thread hop). Fastest, and writes made
    /// there are batched into one flush per read; but a continuation that blocks stalls every response of this
    /// connection. Meant for load generators; leave false for general use.
    /// </summary>
    public bool InlineContinuations { get; init; }

    /// <summary>Login for servers that answer STARTUP with AUTHENTICATE (SASL PLAIN); null = none.</summary>
    public CqlCredentials? Credentials { get; init; }

    /// <summary>
    /// TLS to the server: the options the connection's SslStream authenticates with (target host, certificate
    /// validation); null (the default) = plain TCP. The TLS handshake shares <see cref="ConnectTimeout"/>. Give each
    /// connection its own instance when it carries a validation callback or chain policy with state.
    /// </summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>TCP connect timeout (and TLS handshake timeout).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the CQL handshake after the connect may take (OPTIONS if asked, STARTUP, the login). Generous by default:
    /// it exists so that a server that accepts a connection and never answers cannot hold the caller forever.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body accepted; a larger one closes the connection.</summary>
    public int MaxFrameBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>Size of the socket read buffer.</summary>
    public int ReceiveBufferSize { get; init; } = 16 * 1024;

    /// <summary>
    /// Receives every EVENT the server pushes (stream -1) after <see cref="CqlConnection.RegisterAsync"/>, decoded, in
    /// arrival order, on a task of its own (never on the read loop): a slow subscriber delays only later events and an
    /// exception it throws is swallowed. Null (the default) = events are skipped undecoded.
    /// </summary>
    public Action<ScriptProxy.Abstractions.Messages.EventResponse>? Events { get; init; }

    internal void Validate()
    {
        if (!ProtocolVersion.IsSupported(Version)) throw new ArgumentOutOfRangeException(nameof(Version), Version, "Protocol version must be 3, 4 or 5");
        if (Compression is not null && !Compression.Equals("lz4", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "Only \"lz4\" compression is supported");
        if (Compression is not null && Version < ProtocolVersion.V4) throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "LZ4 needs protocol v4 or v5");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, 32768);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferSize, 512);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero);
    }
}
