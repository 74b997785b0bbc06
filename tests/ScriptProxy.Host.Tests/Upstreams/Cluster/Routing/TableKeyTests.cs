using System.Buffers.Binary;
using System.Text;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Host.Upstreams.Cluster;
using ScriptProxy.Host.Upstreams.Cluster.Routing;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster.Routing;

public sealed class TableKeyTests
{
    [Fact]
    public void TokenOf_SingleIntLiteral_IsTheTokenOfTheSerializedValue()
    {
        var key = new TableKey(["k"], [CqlType.Int]);
        Assert.Equal(-4069959284402364209L, key.TokenOf(StatementKeyParser.TryParse("SELECT * FROM t WHERE k = 1")!));
    }

    [Fact]
    public void TokenOf_CompositeKey_InKeyOrder_WhateverTheTextOrder()
    {
        var key = new TableKey(["a", "b"], [CqlType.Int, CqlType.Text]);
        var int1 = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(int1, 1);
        long expected = PartitionKeyToken.Of([int1, Encoding.UTF8.GetBytes("abc")]);
        Assert.Equal(expected, key.TokenOf(StatementKeyParser.TryParse("SELECT * FROM t WHERE b = 'abc' AND a = 1")!));
        Assert.Equal(8771735466527499816L, expected);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE a = 1")]
    [InlineData("SELECT * FROM t WHERE a = 'one' AND b = 'abc'")]
    [InlineData("SELECT * FROM t WHERE a = 99999999999 AND b = 'abc'")]
    public void TokenOf_MissingOrMistypedComponent_IsNull(string cql) =>
        Assert.Null(new TableKey(["a", "b"], [CqlType.Int, CqlType.Text]).TokenOf(StatementKeyParser.TryParse(cql)!));

    [Theory]
    [InlineData("uuid", "550e8400-e29b-41d4-a716-446655440000", "550E8400E29B41D4A716446655440000")]
    [InlineData("bigint", "42", "000000000000002A")]
    [InlineData("text", "'hé'", "68C3A9")]
    [InlineData("blob", "0xcafe", "CAFE")]
    [InlineData("boolean", "true", "01")]
    public void LiteralKeyEncoder_SerializesLikeTheNode(string type, string literal, string hex)
    {
        var statement = StatementKeyParser.TryParse($"SELECT * FROM t WHERE k = {literal}")!;
        Assert.True(LiteralKeyEncoder.TryEncode(CqlType.Parse(type), statement.Literals["k"], out var bytes));
        Assert.Equal(hex, Convert.ToHexString(bytes));
    }
}
