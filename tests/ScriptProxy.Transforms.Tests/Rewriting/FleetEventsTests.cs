using System.Net;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Transforms.Rewriting;

namespace ScriptProxy.Transforms.Tests.Rewriting;

public class FleetEventsTests
{
    private static readonly IPEndPoint Self = IPEndPoint.Parse("127.0.0.2:9042");
    private static readonly IPEndPoint RealNode = IPEndPoint.Parse("10.9.9.9:9042");
    private static readonly ProxyFleet Fleet = ProxyFleet.Create(Self, [IPEndPoint.Parse("127.0.0.1:9042")], vnodes: 1);

    [Theory]
    [InlineData(StatusChangeType.Up)]
    [InlineData(StatusChangeType.Down)]
    public void A_status_change_of_any_node_says_this_proxy_is_up(StatusChangeType change)
    {
        var mapped = Assert.IsType<StatusChangeEvent>(FleetEvents.Map(new StatusChangeEvent(change, RealNode), Fleet));
        Assert.Equal(StatusChangeType.Up, mapped.Change);
        Assert.Equal(Self, mapped.Address);
    }

    [Theory]
    [InlineData(TopologyChangeType.NewNode)]
    [InlineData(TopologyChangeType.RemovedNode)]
    [InlineData(TopologyChangeType.MovedNode)]
    public void A_topology_change_of_any_node_becomes_new_node_of_this_proxy(TopologyChangeType change)
    {
        var mapped = Assert.IsType<TopologyChangeEvent>(FleetEvents.Map(new TopologyChangeEvent(change, RealNode), Fleet));
        Assert.Equal(TopologyChangeType.NewNode, mapped.Change); // never REMOVED_NODE with a proxy's address
        Assert.Equal(Self, mapped.Address);
    }

    [Fact]
    public void Schema_changes_pass_unchanged()
    {
        var e = new SchemaChangeEvent(SchemaChange.ForKeyspace(SchemaChangeType.Created, "ks"));
        Assert.Same(e, FleetEvents.Map(e, Fleet));
    }
}
