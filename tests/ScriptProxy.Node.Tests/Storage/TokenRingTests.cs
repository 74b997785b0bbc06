using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Tests.Storage;

public sealed class TokenRingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void EvenlySpaced_StartsAtMinimumAndIsIncreasingWithEqualGaps(int nodes)
    {
        var tokens = TokenRing.EvenlySpaced(nodes);
        Assert.Equal(long.MinValue, tokens[0]);
        Assert.Equal(tokens.Order(), tokens);
        Int128 gap = ((Int128)1 << 64) / nodes;
        for (int i = 1; i < nodes; i++) Assert.InRange((Int128)tokens[i] - tokens[i - 1], gap - 1, gap + 1);
    }

    [Fact]
    public void Owns_WithoutPeers_OwnsEverything()
    {
        var ring = TokenRing.Create(["100"], []);
        Assert.True(ring.Owns(long.MinValue));
        Assert.True(ring.Owns(101));
        Assert.True(ring.Owns(long.MaxValue));
    }

    [Theory]
    [InlineData(-50L, false)]
    [InlineData(-10L, false)]
    [InlineData(-9L, true)]
    [InlineData(10L, true)]
    [InlineData(11L, false)]
    [InlineData(long.MaxValue, false)]
    public void Owns_OneTokenPerNode_OwnsRangeFromPreviousTokenExclusiveToOwnInclusive(long token, bool owned)
    {
        var ring = TokenRing.Create(["10"], ["-10", "1000"]);
        Assert.Equal(owned, ring.Owns(token));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(1001L)]
    [InlineData(-10L)]
    public void Owns_SmallestToken_AlsoOwnsTheWrapAround(long token)
    {
        var ring = TokenRing.Create(["-10"], ["10", "1000"]);
        Assert.True(ring.Owns(token));
    }
}
