using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>A node with a "shop" keyspace: shop.users (id int, name text, email text, age int).</summary>
public static class Fixtures
{
    public static TestNode Shop()
    {
        var node = new TestNode();
        node.CreateTable("shop", "users", ("id", CqlType.Int), ("name", CqlType.Text), ("email", CqlType.Text), ("age", CqlType.Int));
        node.CreateTable("shop", "orders", ("id", CqlType.Int), ("item", CqlType.Text));
        return node;
    }

    public static TestConnection Connect(TestNode node, string? keyspace = "shop") => new(node) { Keyspace = keyspace };
}
