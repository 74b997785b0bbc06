using System.Buffers.Binary;
using System.Text;
using ScriptProxy.Host.Upstreams.Cluster;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster;

/// <summary>Tokens against values computed by Cassandra (token(1..3) of an int key) and the DataStax Python driver's murmur3.</summary>
public sealed class PartitionKeyTokenTests
{
    [Theory]
    [InlineData(1, -4069959284402364209L)]
    [InlineData(2, -3248873570005575792L)]
    [InlineData(3, 9010454139840013625L)]
    public void Of_IntKey_MatchesCassandra(int key, long token) => Assert.Equal(token, PartitionKeyToken.Of(Int(key)));

    [Fact]
    public void Of_TextKey_MatchesThePythonDriver() => Assert.Equal(-3758069500696749310L, PartitionKeyToken.Of("hello"u8));

    [Fact]
    public void Of_UuidAndBigintKeys_MatchThePythonDriver()
    {
        Assert.Equal(4277286421682315655L, PartitionKeyToken.Of(Convert.FromHexString("550e8400e29b41d4a716446655440000")));
        var bigint = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bigint, 42);
        Assert.Equal(8623491988607824794L, PartitionKeyToken.Of(bigint));
    }

    [Fact]
    public void Of_CompositeKey_UsesTheCompositeEncoding_MatchesThePythonDriver()
    {
        ReadOnlyMemory<byte>[] components = [Int(1), Encoding.UTF8.GetBytes("abc")];
        Assert.Equal(8771735466527499816L, PartitionKeyToken.Of(components));
        Assert.Equal(Convert.FromHexString("00040000000100" + "0003616263" + "00"), PartitionKeyToken.Composite(components));
    }

    [Fact]
    public void Of_OneComponent_IsTheValueItself() => Assert.Equal(PartitionKeyToken.Of(Int(7)), PartitionKeyToken.Of([Int(7)]));

    private static byte[] Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
