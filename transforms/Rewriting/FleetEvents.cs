using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Transforms.Rewriting;

/// <summary>
/// Maps the upstream's TOPOLOGY_CHANGE and STATUS_CHANGE events, which name real nodes a driver must never connect to,
/// onto the proxy fleet. The fleet is what the driver sees as the cluster, and a real node joining, leaving, going down
/// or coming up changes nothing in it: the proxies stay up (their cluster sink routes around a down node) and their
/// ring is fixed by configuration. So every such event becomes the truthful fleet statement "this proxy is here":
/// <list type="bullet">
/// <item>STATUS_CHANGE (UP or DOWN of any node) → <c>UP</c> of this proxy. The Python driver (cluster.py
/// <c>_handle_status_change</c>) runs <c>on_up</c>, which returns at once for a host already up and reconnects one it
/// had marked down; the Node.js driver (control-connection.js <c>_nodeStatusChangeHandler</c>) calls
/// <c>host.checkIsUp()</c>, likewise a no-op for an up host. Passing DOWN through with a proxy's address would be
/// wrong: Python's <c>on_down</c> tears down the pools of a healthy proxy (unless it still has open connections) and
/// starts reconnecting, and a real node's own address would be unknown to the driver at best and dialled at worst.</item>
/// <item>TOPOLOGY_CHANGE (NEW_NODE, REMOVED_NODE, MOVED_NODE of any node) → <c>NEW_NODE</c> of this proxy. Node.js
/// refreshes system.local and system.peers on any topology event, i.e. re-reads the fleet (unchanged, harmless);
/// Python refreshes only for a host it does not know or has down (<c>_refresh_nodes_if_not_up</c>), so for an up
/// proxy nothing happens. REMOVED_NODE must never carry a proxy's address: Python would drop that proxy from its
/// metadata (<c>remove_host</c>) and Node.js would refresh anyway.</item>
/// <item>SCHEMA_CHANGE names no node and passes unchanged.</item>
/// </list>
/// The address is this proxy's own: the driver's control connection is on it, so it is known and up.
/// </summary>
public static class FleetEvents
{
    /// <summary>The event a driver connected to <paramref name="fleet"/>'s own proxy gets instead of <paramref name="received"/>.</summary>
    public static EventResponse Map(EventResponse received, ProxyFleet fleet) => received switch
    {
        StatusChangeEvent => new StatusChangeEvent(StatusChangeType.Up, fleet.Self.Endpoint),
        TopologyChangeEvent => new TopologyChangeEvent(TopologyChangeType.NewNode, fleet.Self.Endpoint),
        _ => received,
    };
}
