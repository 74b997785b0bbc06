using ScriptProxy.Host.Upstreams.Cluster.Routing;
using Xunit;

namespace ScriptProxy.Host.Tests.Upstreams.Cluster.Routing;

public sealed class StatementKeyParserTests
{
    [Fact]
    public void Insert_ColumnsPairedWithLiterals()
    {
        var key = StatementKeyParser.TryParse("INSERT INTO ks.t (k, \"Name\", v) VALUES (42, 'it''s', ?)")!;
        Assert.Equal("ks", key.Keyspace);
        Assert.Equal("t", key.Table);
        Assert.Equal(new CqlLiteral(CqlLiteralKind.Number, "42"), key.Literals["k"]);
        Assert.Equal(new CqlLiteral(CqlLiteralKind.String, "it's"), key.Literals["Name"]);
        Assert.False(key.Literals.ContainsKey("v"));
    }

    [Theory]
    [InlineData("SELECT * FROM T WHERE K = -7 AND c = 1")]
    [InlineData("select v from t where k=-7")]
    [InlineData("DELETE FROM t WHERE k = -7;")]
    [InlineData("UPDATE t USING TTL 10 SET v = 'x' WHERE k = -7")]
    public void Where_EqualityLiterals_UnquotedNamesLowerCased(string cql)
    {
        var key = StatementKeyParser.TryParse(cql)!;
        Assert.Null(key.Keyspace);
        Assert.Equal("t", key.Table);
        Assert.Equal(new CqlLiteral(CqlLiteralKind.Number, "-7"), key.Literals["k"]);
    }

    [Fact]
    public void Where_UuidAndBooleanAndBlobLiterals()
    {
        var key = StatementKeyParser.TryParse("SELECT * FROM t WHERE id = 550e8400-e29b-41d4-a716-446655440000 AND f = true AND b = 0xCAFE")!;
        Assert.Equal(CqlLiteralKind.Uuid, key.Literals["id"].Kind);
        Assert.Equal(new CqlLiteral(CqlLiteralKind.Boolean, "true"), key.Literals["f"]);
        Assert.Equal(new CqlLiteral(CqlLiteralKind.Blob, "0xCAFE"), key.Literals["b"]);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE k IN (1, 2)")]
    [InlineData("SELECT * FROM t WHERE k = ?")]
    [InlineData("SELECT * FROM t WHERE k > 5")]
    [InlineData("SELECT * FROM t")]
    public void NoEqualityLiteral_NothingCollected(string cql) => Assert.Empty(StatementKeyParser.TryParse(cql)!.Literals);

    [Theory]
    [InlineData("CREATE TABLE t (k int PRIMARY KEY)")]
    [InlineData("TRUNCATE t")]
    [InlineData("")]
    public void OtherStatements_AreNotParsed(string cql) => Assert.Null(StatementKeyParser.TryParse(cql));

    [Theory]
    [InlineData("USE ks", "ks")]
    [InlineData("  use KS ;", "ks")]
    [InlineData("USE \"MyKs\"", "MyKs")]
    public void Use_KeyspaceAsCqlResolvesIt(string cql, string keyspace) => Assert.Equal(keyspace, StatementKeyParser.TryParseUse(cql));

    [Theory]
    [InlineData("SELECT * FROM use")]
    [InlineData("USE")]
    [InlineData("USER ks")]
    public void Use_OtherText_IsNull(string cql) => Assert.Null(StatementKeyParser.TryParseUse(cql));
}
