using System.Buffers.Binary;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Tests.Storage;

public sealed class Murmur3Tests
{
    [Theory]
    [InlineData(1, -4069959284402364209L)]
    [InlineData(2, -3248873570005575792L)]
    [InlineData(3, 9010454139840013625L)]
    public void Token_IntKey_MatchesCassandra(int key, long expected)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, key);
        Assert.Equal(expected, Murmur3.Token(bytes));
    }
}
