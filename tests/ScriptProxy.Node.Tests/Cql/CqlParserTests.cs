using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Cql.Parser;

namespace ScriptProxy.Node.Tests.Cql;

public sealed class CqlParserTests
{
    [Fact]
    public void Parse_SelectWithEverything_BuildsAst()
    {
        var p = CqlParser.Parse("SELECT a AS x, count(*), writetime(b) FROM ks.\"T\" WHERE k IN (1, ?) AND c >= :lo ORDER BY c DESC PER PARTITION LIMIT 2 LIMIT ? ALLOW FILTERING;");
        var s = Assert.IsType<SelectStatement>(p.Statement);
        Assert.Equal(new QualifiedName("ks", "T"), s.Table);
        Assert.Equal("x", s.Items![0].Alias);
        Assert.Equal("count", Assert.IsType<FunctionSelector>(s.Items[1].Selector).Name);
        Assert.Equal(RelationOp.In, s.Where[0].Op);
        Assert.Equal(2, s.Where[0].InValues!.Count);
        Assert.True(s.OrderBy[0].Descending);
        Assert.True(s.AllowFiltering);
        Assert.Equal([null, "lo", null], p.MarkerNames);
    }

    [Fact]
    public void Parse_UnquotedIdentifiers_AreLowercased_QuotedKeepCase()
    {
        var s = (InsertStatement)CqlParser.Parse("insert INTO MyTable (Id, \"Name\") VALUES (1, 'it''s')").Statement;
        Assert.Equal("mytable", s.Table.Name);
        Assert.Equal(["id", "Name"], s.Columns);
        Assert.Equal("it's", ((LiteralTerm)s.Values[1]).Text);
    }

    [Fact]
    public void Parse_Comments_AreIgnored()
    {
        var s = CqlParser.Parse("-- leading\nSELECT /* inline */ * FROM t // trailing").Statement;
        Assert.IsType<SelectStatement>(s);
    }

    [Fact]
    public void Parse_UpdateCollectionOperations_AreClassified()
    {
        var u = (UpdateStatement)CqlParser.Parse("UPDATE t SET l = l + [1], l2 = [0] + l2, s = s - {'a'}, m['k'] = 2, c = c + 1 WHERE k = 1 IF EXISTS").Statement;
        Assert.Equal([AssignmentKind.Add, AssignmentKind.Prepend, AssignmentKind.Subtract, AssignmentKind.SetElement, AssignmentKind.Add],
            u.Assignments.Select(a => a.Kind).ToArray());
        Assert.True(u.IfExists);
    }

    [Fact]
    public void Parse_CreateTable_CompositeKeyClusteringOrderOptions()
    {
        var c = (CreateTableStatement)CqlParser.Parse(
            "CREATE TABLE IF NOT EXISTS t (a int, b text, c timeuuid, d map<text, frozen<list<int>>> static, PRIMARY KEY ((a, b), c)) WITH CLUSTERING ORDER BY (c DESC) AND comment = 'x' AND compaction = {'class': 'LeveledCompactionStrategy'}").Statement;
        Assert.Equal(["a", "b"], c.PartitionKey);
        Assert.Equal(["c"], c.Clustering);
        Assert.True(c.ClusteringOrder[0].Descending);
        Assert.Equal("map<text, frozen<list<int>>>", c.Columns[3].TypeText);
        Assert.True(c.Columns[3].IsStatic);
        Assert.Equal("x", c.Options["comment"]);
    }

    [Fact]
    public void Parse_Batch_WithMarkersAcrossChildren()
    {
        var p = CqlParser.Parse("BEGIN UNLOGGED BATCH USING TIMESTAMP 5 INSERT INTO t (k) VALUES (?); DELETE FROM t WHERE k = ?; APPLY BATCH");
        var b = Assert.IsType<BatchStatement>(p.Statement);
        Assert.Equal(BatchKind.Unlogged, b.Kind);
        Assert.Equal(2, b.Statements.Count);
        Assert.Equal(2, p.MarkerNames.Count);
    }

    [Theory]
    [InlineData("SELEC * FROM t", "line 1:0 no viable alternative at input 'SELEC'")]
    [InlineData("SELECT * FROM", "line 1:13 no viable alternative at input '<EOF>'")]
    [InlineData("SELECT * FROM t WHERE", "line 1:21 no viable alternative at input '<EOF>'")]
    [InlineData("INSERT INTO t (a) VALUES (1) garbage", "line 1:29 extraneous input 'garbage' expecting <EOF>")]
    public void Parse_InvalidText_ThrowsSyntaxErrorWithPosition(string cql, string message)
    {
        var e = Assert.Throws<CqlSyntaxException>(() => CqlParser.Parse(cql));
        Assert.Equal(message, e.Message);
        Assert.Equal(Abstractions.Wire.ErrorCode.SyntaxError, e.Code);
    }

    [Fact]
    public void Lexer_UuidsDurationsBlobsNegativeNumbers()
    {
        var i = (InsertStatement)CqlParser.Parse("INSERT INTO t (a, b, c, d, e) VALUES (550e8400-e29b-41d4-a716-446655440000, 1h30m, 0xCAFE, -12, -1.5e3)").Statement;
        Assert.Equal([LiteralKind.Uuid, LiteralKind.Duration, LiteralKind.Hex, LiteralKind.Integer, LiteralKind.Float],
            i.Values.Cast<LiteralTerm>().Select(l => l.Kind).ToArray());
    }
}
