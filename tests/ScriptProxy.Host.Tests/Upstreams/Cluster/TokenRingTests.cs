using System.Net;
using ScriptProxy.Host.Upstreams.Cluster;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

public sealed class TokenRingTests
{
    private static readonly ClusterNode A = Node(1, -100);
    private static readonly ClusterNode B = Node(2, 0);
    private static readonly ClusterNode C = Node(3, 100);

    [Theory]
    [InlineData(-100, 1)]
    [InlineData(-99, 2)]
    [InlineData(0, 2)]
    [InlineData(1, 3)]
    [InlineData(100, 3)]
    [InlineData(101, 1)]
    [InlineData(long.MinValue, 1)]
    [InlineData(long.MaxValue, 1)]
    public void Owner_IsTheNodeOfTheFirstTokenAtOrAfter_WrappingAround(long token, int node)
    {
        var ring = new TokenRing([C, A, B]);
        Assert.Equal(node, ring.Owner(token)!.EndPoint.Address.GetAddressBytes()[3]);
    }

    [Fact]
    public void FirstUp_SkipsDownNodes_InRingOrder()
    {
        var b = Node(2, 0);
        var c = Node(3, 100);
        var ring = new TokenRing([Node(1, -100), b, c]);
        b.SetUp(false);
        Assert.Equal(c, ring.FirstUp(-50));
        c.SetUp(false);
        Assert.Equal(1, ring.FirstUp(-50)!.EndPoint.Address.GetAddressBytes()[3]);
    }

    [Fact]
    public void FirstUp_NoNodeUp_IsNull()
    {
        var only = Node(1, 0);
        only.SetUp(false);
        Assert.Null(new TokenRing([only]).FirstUp(5));
        Assert.Null(new TokenRing([]).Owner(5));
    }

    [Fact]
    public void SetUp_ReportsOnlyTransitions()
    {
        var node = Node(1, 0);
        Assert.False(node.SetUp(true));
        Assert.True(node.SetUp(false));
        Assert.False(node.SetUp(false));
        Assert.True(node.SetUp(true));
    }

    private static ClusterNode Node(int last, long token) => new(Guid.NewGuid(), new IPEndPoint(IPAddress.Parse($"127.0.0.{last}"), 9042), [token], "dc1");
}
