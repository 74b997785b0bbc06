using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Host.Stages;

namespace ScriptProxy.Host.Tests.Stages;

public sealed class StatementClassifierTests
{
    [Theory]
    [InlineData("SELECT * FROM ks.t WHERE a = 1", StatementKind.Read, "ks", "t")]
    [InlineData("  select a from T", StatementKind.Read, null, "t")]
    [InlineData("SELECT \"from\" FROM \"MyKs\".\"Tab\"", StatementKind.Read, "MyKs", "Tab")]
    [InlineData("-- comment\nINSERT INTO shop.orders (id) VALUES (1)", StatementKind.Write, "shop", "orders")]
    [InlineData("UPDATE ks.t SET a = 'from x' WHERE k = 1", StatementKind.Write, "ks", "t")]
    [InlineData("DELETE FROM ks.t WHERE k = 1", StatementKind.Write, "ks", "t")]
    [InlineData("TRUNCATE TABLE ks.t", StatementKind.Write, "ks", "t")]
    [InlineData("TRUNCATE t", StatementKind.Write, null, "t")]
    [InlineData("BEGIN BATCH INSERT INTO ks.t (a) VALUES (1); APPLY BATCH", StatementKind.Write, null, null)]
    // Regression: schema changes had no target, so {"deny": ["SchemaChange"], "keyspaces": [...]} never matched them.
    [InlineData("CREATE TABLE ks.t (a int PRIMARY KEY)", StatementKind.Schema, "ks", "t")]
    [InlineData("CREATE TABLE IF NOT EXISTS Ks.\"T\" (a int PRIMARY KEY)", StatementKind.Schema, "ks", "T")]
    [InlineData("create table t (a int primary key)", StatementKind.Schema, null, "t")]
    [InlineData("DROP KEYSPACE ks", StatementKind.Schema, "ks", null)]
    [InlineData("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {}", StatementKind.Schema, "ks", null)]
    [InlineData("ALTER TABLE ks.t ADD b int", StatementKind.Schema, "ks", "t")]
    [InlineData("DROP MATERIALIZED VIEW IF EXISTS ks.v", StatementKind.Schema, "ks", "v")]
    [InlineData("CREATE INDEX IF NOT EXISTS i ON ks.t (b)", StatementKind.Schema, "ks", "t")]
    [InlineData("CREATE OR REPLACE FUNCTION ks.f (a int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return a;'", StatementKind.Schema, "ks", null)]
    [InlineData("CREATE TYPE ks.address (street text)", StatementKind.Schema, "ks", null)]
    [InlineData("CREATE ROLE bob", StatementKind.Schema, null, null)]
    [InlineData("USE ks", StatementKind.Other, "ks", null)]
    [InlineData("/* hint */ SELECT now() FROM system.local", StatementKind.Read, "system", "local")]
    [InlineData("", StatementKind.Other, null, null)]
    public void Classify_And_Target(string cql, StatementKind kind, string? keyspace, string? table)
    {
        Assert.Equal(kind, StatementClassifier.Classify(cql));
        Assert.Equal((keyspace, table), StatementClassifier.Target(cql));
    }
}
