using System.Net;
using System.Text.Json;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Testing;

namespace ScriptProxy.Host.Tests.Transforms.Rewriting;

/// <summary>
/// "The driver sees only proxy addresses": three proxies on 127.0.0.1/.2/.3 (same port), each with PeersRewrite
/// configured for the fleet, in front of one embedded node that has no peers at all. The real Python (TokenAwarePolicy,
/// metadata on) and Node.js drivers must list exactly the three proxies, own the whole ring in thirds, route and query
/// through every proxy, and receive the node's STATUS_CHANGE DOWN / TOPOLOGY_CHANGE REMOVED_NODE of a real node
/// rewritten to their proxy's address, with every proxy still up and known afterwards.
/// </summary>
[Collection(TransformCollection.Name)]
public sealed class FleetThroughDriversTests
{
    private static readonly IPEndPoint RealNode = IPEndPoint.Parse("10.0.0.99:9042");

    private static async Task<JsonElement> RunAsync(FleetBed bed, Func<Task<DriverProcess.Result>> driver)
    {
        await using var down = bed.PublishRepeatedly(new StatusChangeEvent(StatusChangeType.Down, RealNode));
        await using var removed = bed.PublishRepeatedly(new TopologyChangeEvent(TopologyChangeType.RemovedNode, RealNode));
        var r = await driver();
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var proxy in bed.Proxies)
        {
            Assert.All(proxy.Stages!.Manager.Status(), s => Assert.True(s.Faults + s.Timeouts == 0, $"{s.Name}: {s.Faults} faults, {s.Timeouts} timeouts, last: {s.LastFault}\n{r}"));
        }
        return r.Json;
    }

    /// <summary>
    /// The same fleet in front of a 3-node embedded cluster whose nodes list each other as peers (with their own ports):
    /// the driver must still see only the proxies, and the events the cluster really sends when a 4th node joins, goes
    /// down and comes back reach it rewritten, without the 4th node ever appearing.
    /// </summary>
    [Fact]
    public async Task PythonDriver_InFrontOfTheEmbeddedCluster_SeesOnlyTheFleet()
    {
        await using var bed = await FleetBed.StartClusterAsync(vnodes: 8);
        DriverProcess.Result r;
        await using (bed.ChurnClusterOnce("fleet"))
        {
            r = await DriverProcess.PythonAsync("fleet.py", TimeSpan.FromSeconds(180), bed.Port.ToString(), "3", "0", "cluster");
        }
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        var fleet = bed.Addresses.Order().ToArray();

        Assert.Equal(4, bed.Cluster.Count); // the 4th node joined while the driver was connected
        Assert.Equal(fleet, Strings(j.GetProperty("hosts")));
        Assert.All(j.GetProperty("share").EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0.333, 0.334));
        Assert.All(j.GetProperty("local_by_host").EnumerateObject(), p => Assert.Equal(p.Name.Split(':')[0], p.Value.GetString()));
        Assert.True(j.GetProperty("schema_agreement").GetBoolean());
        Assert.Equal(90, j.GetProperty("token_aware").GetInt32());
        // Every proxy is on the cluster sink: all 90 rows read back through each of them.
        Assert.Equal(fleet, j.GetProperty("read_back").EnumerateObject().Select(p => p.Name));
        Assert.All(j.GetProperty("read_back").EnumerateObject(), p => Assert.Equal(90, p.Value.GetInt32()));
        var events = j.GetProperty("events").EnumerateArray().Select(e => e.GetRawText().Replace(" ", "", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"""["STATUS_CHANGE","UP","127.0.0.1",{bed.Port}]""", $"""["TOPOLOGY_CHANGE","NEW_NODE","127.0.0.1",{bed.Port}]"""], events);
        Assert.Equal(fleet, Strings(j.GetProperty("up_after_events")));
        Assert.Equal(fleet, Strings(j.GetProperty("hosts_after_events")));
    }

    [Fact]
    public async Task NodeJsDriver_InFrontOfTheEmbeddedCluster_SeesOnlyTheFleet()
    {
        await using var bed = await FleetBed.StartClusterAsync(vnodes: 8);
        DriverProcess.Result r;
        await using (bed.ChurnClusterOnce("nfleet"))
        {
            r = await DriverProcess.NodeJsAsync("fleet.js", TimeSpan.FromSeconds(180), bed.Port.ToString(), "cluster");
        }
        Assert.True(r.ExitCode == 0, r.ToString());
        var j = r.Json;
        var fleet = bed.Addresses.Order().ToArray();

        Assert.Equal(4, bed.Cluster.Count);
        Assert.Equal(fleet, Strings(j.GetProperty("hosts")));
        Assert.All(j.GetProperty("share").EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0.333, 0.334));
        Assert.Equal(fleet, j.GetProperty("coordinators").EnumerateObject().Select(p => p.Name));
        Assert.Equal(fleet, j.GetProperty("readBack").EnumerateObject().Select(p => p.Name));
        Assert.All(j.GetProperty("readBack").EnumerateObject(), p => Assert.Equal(90, p.Value.GetInt32()));
        var events = j.GetProperty("events").EnumerateArray().Select(e => e.GetRawText().Replace(" ", "", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"""["STATUS_CHANGE","UP","127.0.0.1",{bed.Port}]""", $"""["TOPOLOGY_CHANGE","NEW_NODE","127.0.0.1",{bed.Port}]"""], events);
        // Node.js re-reads system.local/peers on every topology event: it got the fleet again, not the new node.
        Assert.Equal(fleet, Strings(j.GetProperty("hostsAfterEvents")));
        Assert.Equal(fleet, Strings(j.GetProperty("upAfterEvents")));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <param name="protocol">0: negotiated (v5, events in segments); 4: v4 with compression (events in compressed frames).</param>
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task PythonDriver_SeesOnlyTheFleet(int protocol)
    {
        await using var bed = await FleetBed.StartAsync(3, vnodes: 8);
        string[] args = protocol == 0 ? [bed.Port.ToString(), "3"] : [bed.Port.ToString(), "3", protocol.ToString()];
        var j = await RunAsync(bed, () => DriverProcess.PythonAsync("fleet.py", TimeSpan.FromSeconds(180), args));
        var fleet = bed.Addresses.Order().ToArray();

        Assert.Equal(protocol == 0 ? 5 : protocol, j.GetProperty("protocol").GetInt32());
        if (protocol == 4) Assert.True(j.GetProperty("compression").GetBoolean());
        Assert.Equal(fleet, Strings(j.GetProperty("hosts")));
        Assert.Equal(24, j.GetProperty("ring_tokens").GetInt32());
        Assert.Equal(fleet, j.GetProperty("share").EnumerateObject().Select(p => p.Name));
        Assert.All(j.GetProperty("share").EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0.333, 0.334));
        Assert.All(j.GetProperty("local_by_host").EnumerateObject(), p => Assert.Equal(p.Name.Split(':')[0], p.Value.GetString()));
        Assert.True(j.GetProperty("schema_agreement").GetBoolean());
        Assert.Equal(90, j.GetProperty("token_aware").GetInt32()); // every insert went to the proxy owning its token
        Assert.Equal(fleet, j.GetProperty("coordinators").EnumerateObject().Select(p => p.Name)); // ... and each proxy owns some
        Assert.Equal(90, j.GetProperty("rows").GetInt32());

        // The node's events about 10.0.0.99 reached the driver as events about the proxy it is connected to.
        var events = j.GetProperty("events").EnumerateArray().Select(e => e.GetRawText().Replace(" ", "", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"""["STATUS_CHANGE","UP","127.0.0.1",{bed.Port}]""", $"""["TOPOLOGY_CHANGE","NEW_NODE","127.0.0.1",{bed.Port}]"""], events);
        Assert.Equal(fleet, Strings(j.GetProperty("up_after_events")));
        Assert.Equal(fleet, Strings(j.GetProperty("hosts_after_events")));
    }

    [Fact]
    public async Task NodeJsDriver_SeesOnlyTheFleet()
    {
        await using var bed = await FleetBed.StartAsync(3, vnodes: 8);
        var j = await RunAsync(bed, () => DriverProcess.NodeJsAsync("fleet.js", TimeSpan.FromSeconds(180), bed.Port.ToString()));
        var fleet = bed.Addresses.Order().ToArray();

        Assert.Equal(4, j.GetProperty("protocol").GetInt32());
        Assert.Equal(fleet, Strings(j.GetProperty("hosts")));
        Assert.Equal(24, j.GetProperty("ringTokens").GetInt32());
        Assert.Equal(fleet, j.GetProperty("share").EnumerateObject().Select(p => p.Name));
        Assert.All(j.GetProperty("share").EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0.333, 0.334));
        Assert.All(j.GetProperty("localByHost").EnumerateObject(), p => Assert.Equal(p.Name.Split(':')[0], p.Value.GetString()));
        Assert.Equal(fleet, j.GetProperty("coordinators").EnumerateObject().Select(p => p.Name));

        var events = j.GetProperty("events").EnumerateArray().Select(e => e.GetRawText().Replace(" ", "", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"""["STATUS_CHANGE","UP","127.0.0.1",{bed.Port}]""", $"""["TOPOLOGY_CHANGE","NEW_NODE","127.0.0.1",{bed.Port}]"""], events);
        Assert.Equal(fleet, Strings(j.GetProperty("upAfterEvents")));
        Assert.Equal(fleet, Strings(j.GetProperty("hostsAfterEvents")));
    }
}
