using Prometheus;

namespace ScriptProxy.Host.Operations;

/// <summary>
/// One cluster node's series (up gauge, routed counter), resolved once per node so routing a request costs an
/// atomic add, never a label lookup.
/// </summary>
public sealed class ClusterNodeMetrics
{
    private readonly Gauge.Child _up;
    private readonly Counter.Child _routed;

    internal ClusterNodeMetrics(Gauge.Child up, Counter.Child routed)
    {
        _up = up;
        _routed = routed;
    }

    public void SetUp(bool up) => _up.Set(up ? 1 : 0);

    public void Routed() => _routed.Inc();

    /// <summary>Requests routed to this node so far.</summary>
    public double RoutedTotal => _routed.Value;

    /// <summary>1 when up, 0 when down.</summary>
    public double UpValue => _up.Value;
}
