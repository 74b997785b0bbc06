using System.Net;
using ScriptProxy.Transforms.Rewriting;

namespace ScriptProxy.Transforms.Tests.Rewriting;

public class ProxyFleetTests
{
    private static readonly IPEndPoint A = IPEndPoint.Parse("10.0.0.7:9042");
    private static readonly IPEndPoint B = IPEndPoint.Parse("10.0.0.12:9042");
    private static readonly IPEndPoint C = IPEndPoint.Parse("10.0.0.8:9042");

    [Fact]
    public void Every_proxy_computes_the_same_fleet_from_its_own_view()
    {
        var fromA = ProxyFleet.Create(A, [B, C], vnodes: 4);
        var fromB = ProxyFleet.Create(B, [C, A], vnodes: 4);
        var fromC = ProxyFleet.Create(C, [A, B, C], vnodes: 4); // listing itself among the peers changes nothing

        Assert.Equal(Describe(fromA), Describe(fromB));
        Assert.Equal(Describe(fromA), Describe(fromC));
        // Canonical order is by address bytes, not by text: 10.0.0.7 < 10.0.0.8 < 10.0.0.12.
        Assert.Equal([A, C, B], fromA.Members.Select(m => m.Endpoint));
        Assert.Equal(B, fromB.Self.Endpoint);
        Assert.Equal([A, C], fromB.Others.Select(m => m.Endpoint));
    }

    private static IEnumerable<string> Describe(ProxyFleet fleet) => fleet.Members.Select(m => $"{m.Endpoint} {m.HostId} {string.Join(",", m.Tokens)}");

    [Fact]
    public void Host_ids_are_stable_distinct_uuids_derived_from_the_address()
    {
        var fleet = ProxyFleet.Create(A, [B, C], vnodes: 1);
        Assert.Equal(3, fleet.Members.Select(m => m.HostId).Distinct().Count());
        Assert.Equal(ProxyFleet.HostIdOf(IPEndPoint.Parse("10.0.0.7:9042")), fleet.Self.HostId);
        Assert.NotEqual(ProxyFleet.HostIdOf(IPEndPoint.Parse("10.0.0.7:9043")), fleet.Self.HostId);
        var text = fleet.Self.HostId.ToString();
        Assert.Equal('5', text[14]); // version 5 (name-based)
        Assert.Contains(text[19], "89ab"); // RFC 4122 variant
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 8)]
    [InlineData(5, 16)]
    public void The_ring_is_cut_into_equal_shares(int proxies, int vnodes)
    {
        var endpoints = Enumerable.Range(1, proxies).Select(i => new IPEndPoint(IPAddress.Parse($"127.0.0.{i}"), 9042)).ToList();
        var fleet = ProxyFleet.Create(endpoints[0], endpoints.Skip(1), vnodes);

        var owner = fleet.Members.SelectMany(m => m.Tokens.Select(t => (Token: long.Parse(t, System.Globalization.CultureInfo.InvariantCulture), m.Endpoint)))
            .OrderBy(x => x.Token).ToList();
        Assert.Equal(proxies * vnodes, owner.Count);
        Assert.Equal(proxies * vnodes, owner.Select(x => x.Token).Distinct().Count());
        Assert.Equal(long.MinValue, owner[0].Token);
        Assert.All(fleet.Members, m => Assert.Equal(vnodes, m.Tokens.Count));
        // Each range (from a token to the next, wrapping) is the same size give or take rounding, so each proxy owns 1/N.
        var share = new Dictionary<IPEndPoint, System.Numerics.BigInteger>();
        var ring = System.Numerics.BigInteger.One << 64;
        for (int i = 0; i < owner.Count; i++)
        {
            var next = i + 1 < owner.Count ? (System.Numerics.BigInteger)owner[i + 1].Token : (System.Numerics.BigInteger)owner[0].Token + ring;
            var size = next - owner[i].Token;
            Assert.True(System.Numerics.BigInteger.Abs(size - ring / owner.Count) <= 1, $"range {i} has {size} tokens");
            share[owner[i].Endpoint] = share.GetValueOrDefault(owner[i].Endpoint) + size;
        }
        Assert.All(share.Values, s => Assert.True(System.Numerics.BigInteger.Abs(s - ring / proxies) <= vnodes + 1));
    }

    [Fact]
    public void Vnodes_are_dealt_round_robin_so_a_proxy_never_owns_adjacent_ranges()
    {
        var fleet = ProxyFleet.Create(A, [B, C], vnodes: 4);
        var order = fleet.Members.SelectMany(m => m.Tokens.Select(t => (Token: long.Parse(t, System.Globalization.CultureInfo.InvariantCulture), m.Endpoint)))
            .OrderBy(x => x.Token).Select(x => x.Endpoint).ToList();
        for (int i = 0; i < order.Count; i++) Assert.NotEqual(order[i], order[(i + 1) % order.Count]);
    }
}
