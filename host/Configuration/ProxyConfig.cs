namespace ScriptProxy.Host.Configuration;

/// <summary>
/// An immutable snapshot of proxy.json. Records give value equality, so "did it change?" is <c>==</c>.
/// </summary>
public sealed record ProxyConfig
{
    public const int DefaultMaxFrameBytes = 256 * 1024 * 1024;

    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [new(System.Net.IPAddress.Loopback, 9042)];

    public UpstreamConfig Upstream { get; init; } = UpstreamConfig.EmbeddedNode;

    /// <summary>Largest accepted frame body (bytes), in either direction. The spec's own cap is 256 MiB.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>Walk every request body and answer malformed ones with a protocol error instead of forwarding them.</summary>
    public bool ValidateRequests { get; init; } = true;

    /// <summary>How long shutdown waits for in-flight requests before closing connections.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for a TCP connect to the upstream.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An upstream that leaves a request unanswered this long is treated as hung: every request in flight on that
    /// connection is answered with ServerError and the connection pair is closed. Zero turns the check off.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>The stage chain, in order (empty: the zero-copy bypass path).</summary>
    public IReadOnlyList<Stages.StageDefinition> Stages { get; init; } = [];

    /// <summary>How script and plugin changes are noticed.</summary>
    public Reload.ReloadConfig Reload { get; init; } = Host.Reload.ReloadConfig.Default;

    /// <summary>Per-call limits of JS hooks.</summary>
    public Scripting.JavaScript.JsLimits JsLimits { get; init; } = Scripting.JavaScript.JsLimits.Default;

    /// <summary>The folder relative script and plugin paths start from (the config file's folder).</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(Source == "(defaults)" ? "proxy.json" : Source))!;

    public AdminConfig Admin { get; init; } = AdminConfig.Default;

    /// <summary>TLS to a host:port upstream; disabled by default.</summary>
    public UpstreamTlsConfig UpstreamTls { get; init; } = UpstreamTlsConfig.Disabled;

    public TracingConfig Tracing { get; init; } = TracingConfig.Off;

    /// <summary>Seconds between one-line status logs; 0 turns them off.</summary>
    public int StatusIntervalSeconds { get; init; } = 10;

    /// <summary>"text" (one line per event) or "json" (structured, one JSON object per line).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>What happens to the SASL token of a client's AUTH_RESPONSE (default: forwarded untouched).</summary>
    public ClientAuthPolicy ClientAuth { get; init; } = ClientAuthPolicy.Passthrough;

    /// <summary>
    /// The login presented upstream under <see cref="ClientAuthPolicy.Replace"/>, and with the cluster sink also by the proxy's
    /// own connections (control connection, probes) under either policy; null when not configured.
    /// </summary>
    public UpstreamCredentials? UpstreamCredentials { get; init; }

    /// <summary>Users of the embedded node (<c>embedded.users</c>); non-empty turns its PasswordAuthenticator on.</summary>
    public IReadOnlyList<Node.Hosting.NodeUser> EmbeddedUsers { get; init; } = [];

    /// <summary>The file this snapshot was read from (for messages).</summary>
    public string Source { get; init; } = "(defaults)";
}
