using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Tests.Cql;

public class CqlParserTests
{
    [Theory]
    [InlineData("SELECT * FROM ks.t WHERE a = 1", StatementKind.Read, "ks", "t")]
    [InlineData("insert into T (a) values (1)", StatementKind.Write, null, "t")]
    [InlineData("UPDATE \"Ks\".\"T\" USING TTL 5 SET a = 1 WHERE k = 2", StatementKind.Write, "Ks", "T")]
    [InlineData("DELETE a FROM t WHERE k = ?", StatementKind.Write, null, "t")]
    [InlineData("TRUNCATE TABLE ks.t", StatementKind.Write, "ks", "t")]
    [InlineData("CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY)", StatementKind.Schema, "ks", "t")]
    [InlineData("DROP KEYSPACE IF EXISTS ks", StatementKind.Schema, "ks", null)]
    [InlineData("CREATE INDEX ON ks.t (a)", StatementKind.Schema, "ks", "t")]
    [InlineData("CREATE ROLE bob", StatementKind.Other, null, "bob")]
    [InlineData("USE ks", StatementKind.Other, "ks", null)]
    [InlineData("BEGIN UNLOGGED BATCH INSERT INTO ks.t (a) VALUES (1); DELETE FROM t WHERE k = 1; APPLY BATCH", StatementKind.Write, "ks", "t")]
    [InlineData("SELECT 'unterminated FROM t", StatementKind.Other, null, null)]
    public void Classifies_and_finds_the_target(string cql, StatementKind kind, string? keyspace, string? table)
    {
        var s = CqlParser.Parse(cql);
        Assert.Equal(kind, s.Kind);
        Assert.Equal(keyspace, s.Keyspace);
        Assert.Equal(table, s.Table);
    }

    [Fact]
    public void Finds_assignments_where_equalities_and_marker_indexes()
    {
        var s = CqlParser.Parse("UPDATE t SET a = ?, b = 'x''y', c = c + 1, m['k'] = 2 WHERE k = ? AND ck > 3 IF a = 1");
        Assert.Equal(["a", "b", "c", "m"], s.Assignments.Select(a => a.Column));
        Assert.Equal(0, s.Assignments[0].Term.MarkerIndex);
        Assert.Equal("x'y", s.Assignments[1].Term.Literal!.Value.Value);
        Assert.False(s.Assignments[2].Term.IsLiteral || s.Assignments[2].Term.IsMarker);
        var k = Assert.Single(s.WhereEqualities);
        Assert.Equal(("k", 1), (k.Column, k.Term.MarkerIndex));
        Assert.True(s.WhereHasOtherRelations);
        Assert.Equal(2, s.MarkerCount);
    }

    [Fact]
    public void Lexes_literals_markers_and_comments()
    {
        var s = CqlParser.Parse("INSERT INTO t (a, b, c, d, e, f) VALUES (:x, -1.5e3, 0xCAFE, 123e4567-e89b-12d3-a456-426614174000, $$a'b$$, {k: 1}) -- c\n/* x */");
        Assert.Equal(CqlTokenKind.NamedMarker, s.Assignments[0].Term.Marker!.Value.Kind);
        Assert.Equal("x", s.MarkerName(0));
        Assert.Equal(CqlTokenKind.Float, s.Assignments[1].Term.Literal!.Value.Kind);
        Assert.Equal(CqlTokenKind.Hex, s.Assignments[2].Term.Literal!.Value.Kind);
        Assert.Equal(CqlTokenKind.Uuid, s.Assignments[3].Term.Literal!.Value.Kind);
        Assert.Equal("a'b", s.Assignments[4].Term.Literal!.Value.Value);
        Assert.False(s.Assignments[5].Term.IsLiteral);
    }
}
