using System.Diagnostics;
using Prometheus;
using ScriptProxy.Abstractions.Frames;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// The proxy's own Prometheus metrics, in a registry per server (so tests and several servers in one
/// process do not mix counts). Children for every opcode are resolved once, so the per-frame cost is an
/// array index and an atomic add, never a label lookup or an allocation.
/// </summary>
public sealed class ProxyMetrics
{
    private const int OpcodeSlots = 17;

    private readonly string[] _opcodeNames = new string[OpcodeSlots];
    private readonly Counter.Child[] _requests = new Counter.Child[OpcodeSlots];
    private readonly Histogram.Child[] _latency = new Histogram.Child[OpcodeSlots];
    private readonly Counter _errors;
    private readonly Counter _proxyErrors;
    private readonly Gauge _byVersion;
    private readonly Counter.Child _bytesUp;
    private readonly Counter.Child _bytesDown;
    private readonly Counter.Child _upstreamOk;
    private readonly Counter.Child _upstreamFailed;
    private readonly Gauge _clusterNodeUp;
    private readonly Counter _clusterNodeRequests;

    public ProxyMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        ConnectionsOpen = factory.CreateGauge("scriptproxy_connections_open", "Client connections open now");
        ConnectionsTotal = factory.CreateCounter("scriptproxy_connections_total", "Client connections accepted");
        _byVersion = factory.CreateGauge("scriptproxy_connections_by_protocol_version", "Open client connections by negotiated protocol version", "version");
        var requests = factory.CreateCounter("scriptproxy_requests_total", "Requests forwarded upstream, by opcode", "opcode");
        var latency = factory.CreateHistogram("scriptproxy_request_duration_seconds", "From forwarding a request to receiving its response, by request opcode",
            new HistogramConfiguration { LabelNames = ["opcode"], Buckets = Histogram.ExponentialBuckets(0.00005, 2, 18) });
        _errors = factory.CreateCounter("scriptproxy_upstream_errors_total", "ERROR responses from the upstream, by request opcode and error code", "opcode", "code");
        _proxyErrors = factory.CreateCounter("scriptproxy_proxy_errors_total", "ERROR responses the proxy answered itself, by error code", "code");
        var bytes = factory.CreateCounter("scriptproxy_bytes_total", "Bytes forwarded, by direction", "direction");
        _bytesUp = bytes.WithLabels("client_to_upstream");
        _bytesDown = bytes.WithLabels("upstream_to_client");
        var upstream = factory.CreateCounter("scriptproxy_upstream_connects_total", "Upstream connection attempts, by result", "result");
        _upstreamOk = upstream.WithLabels("ok");
        _upstreamFailed = upstream.WithLabels("failed");
        TlsHandshakeFailures = factory.CreateCounter("scriptproxy_tls_handshake_failures_total", "Client connections to a TLS listener whose handshake failed or timed out");
        UpstreamLost = factory.CreateCounter("scriptproxy_upstream_lost_total", "Upstream connections that closed or broke while the client was connected");
        _clusterNodeUp = factory.CreateGauge("scriptproxy_cluster_node_up", "Cluster sink: 1 while the node is up, 0 while it is marked down, by node address", "node");
        _clusterNodeRequests = factory.CreateCounter("scriptproxy_cluster_node_requests_total", "Cluster sink: requests routed to the node, by node address", "node");
        // Only request opcodes get their own series; anything else the header check let through counts as "OTHER".
        var otherRequests = requests.WithLabels("OTHER");
        var otherLatency = latency.WithLabels("OTHER");
        for (int i = 0; i < OpcodeSlots; i++)
        {
            bool request = OpcodeInfo.IsRequest((Opcode)i);
            _opcodeNames[i] = request ? ((Opcode)i).ToString().ToUpperInvariant() : "OTHER";
            _requests[i] = request ? requests.WithLabels(_opcodeNames[i]) : otherRequests;
            _latency[i] = request ? latency.WithLabels(_opcodeNames[i]) : otherLatency;
        }
    }

    public CollectorRegistry Registry { get; }

    /// <summary>All requests' latencies, for the status line's interval p99.</summary>
    public LatencySampler Latency { get; } = new();

    public Gauge ConnectionsOpen { get; }

    public Counter ConnectionsTotal { get; }

    public Counter UpstreamLost { get; }

    public Counter TlsHandshakeFailures { get; }

    public void RequestForwarded(Opcode opcode, long bytes)
    {
        if ((int)opcode < OpcodeSlots) _requests[(int)opcode].Inc();
        _bytesUp.Inc(bytes);
    }

    public void ResponseForwarded(long bytes) => _bytesDown.Inc(bytes);

    /// <summary>A response matched its request: record latency, and the error code when it is an ERROR.</summary>
    public void Completed(Opcode requestOpcode, long startTimestamp, Opcode responseOpcode, int errorCode)
    {
        if ((int)requestOpcode >= OpcodeSlots) return;
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        _latency[(int)requestOpcode].Observe(elapsed.TotalSeconds);
        Latency.Record(elapsed);
        if (responseOpcode == Opcode.Error) _errors.WithLabels(_opcodeNames[(int)requestOpcode], errorCode < 0 ? "unknown" : $"0x{errorCode:X4}").Inc();
    }

    /// <summary>Requests forwarded so far, all opcodes (for the status line).</summary>
    public double TotalRequests
    {
        get
        {
            double sum = 0;
            for (int i = 0; i < OpcodeSlots; i++)
            {
                if (OpcodeInfo.IsRequest((Opcode)i)) sum += _requests[i].Value;
            }
            return sum;
        }
    }

    /// <summary>The series of one cluster node (address:port), resolved once; the caller keeps it on its node object.</summary>
    public ClusterNodeMetrics ClusterNode(string node) => new(_clusterNodeUp.WithLabels(node), _clusterNodeRequests.WithLabels(node));

    /// <summary>A node left the ring: its up series goes away (its request count stays, counters only grow).</summary>
    public void ClusterNodeRemoved(string node) => _clusterNodeUp.RemoveLabelled(node);

    public void ProxyError(Abstractions.Wire.ErrorCode code) => _proxyErrors.WithLabels($"0x{(int)code:X4}").Inc();

    public void UpstreamConnect(bool ok) => (ok ? _upstreamOk : _upstreamFailed).Inc();

    public void VersionEstablished(int version, int delta) => _byVersion.WithLabels(version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc(delta);
}
