using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// <c>&lt;change_type&gt;&lt;target&gt;&lt;options&gt;</c> shared by the Schema_change result and the SCHEMA_CHANGE event
/// (spec 4.2.6). Options: KEYSPACE → keyspace; TABLE/TYPE → keyspace, name; FUNCTION/AGGREGATE → keyspace, name,
/// argument types.
/// </summary>
/// <param name="Name">Table, type, function or aggregate name; null for KEYSPACE.</param>
/// <param name="ArgumentTypes">FUNCTION/AGGREGATE only: one CQL type per argument.</param>
public sealed record SchemaChange(SchemaChangeType ChangeType, SchemaChangeTarget Target, string Keyspace, string? Name = null, IReadOnlyList<string>? ArgumentTypes = null)
{
    /// <summary>A keyspace change.</summary>
    public static SchemaChange ForKeyspace(SchemaChangeType change, string keyspace) => new(change, SchemaChangeTarget.Keyspace, keyspace);

    /// <summary>A table change.</summary>
    public static SchemaChange ForTable(SchemaChangeType change, string keyspace, string table) => new(change, SchemaChangeTarget.Table, keyspace, table);

    /// <summary>A user type change.</summary>
    public static SchemaChange ForType(SchemaChangeType change, string keyspace, string type) => new(change, SchemaChangeTarget.Type, keyspace, type);

    /// <summary>A function change (v4+).</summary>
    public static SchemaChange ForFunction(SchemaChangeType change, string keyspace, string function, IReadOnlyList<string> argumentTypes) =>
        new(change, SchemaChangeTarget.Function, keyspace, function, argumentTypes);

    /// <summary>An aggregate change (v4+).</summary>
    public static SchemaChange ForAggregate(SchemaChangeType change, string keyspace, string aggregate, IReadOnlyList<string> argumentTypes) =>
        new(change, SchemaChangeTarget.Aggregate, keyspace, aggregate, argumentTypes);

    /// <summary>Reads the three parts; unknown change types or targets are protocol errors.</summary>
    public static SchemaChange Read(ref CqlReader reader, byte version)
    {
        var change = ParseChangeType(reader.ReadStringUtf8());
        var target = ParseTarget(reader.ReadStringUtf8(), version);
        string ks = reader.ReadString();
        return target switch
        {
            SchemaChangeTarget.Keyspace => new SchemaChange(change, target, ks),
            SchemaChangeTarget.Table or SchemaChangeTarget.Type => new SchemaChange(change, target, ks, reader.ReadString()),
            _ => ReadFunction(ref reader, change, target, ks),
        };
    }

    /// <summary>Writes the three parts.</summary>
    public void Write(ref CqlWriter writer, byte version)
    {
        bool function = Target is SchemaChangeTarget.Function or SchemaChangeTarget.Aggregate;
        if (function) MessageWire.RequireVersion(version, ProtocolVersion.V4, $"Schema change target {Target}");
        if (Target != SchemaChangeTarget.Keyspace && Name is null) throw new CqlProtocolException($"Schema change on {Target} needs a name");
        if (function && ArgumentTypes is null) throw new CqlProtocolException($"Schema change on {Target} needs argument types");
        writer.WriteString(ChangeType switch
        {
            SchemaChangeType.Created => "CREATED",
            SchemaChangeType.Updated => "UPDATED",
            _ => "DROPPED",
        });
        writer.WriteString(Target.ToString().ToUpperInvariant());
        writer.WriteString(Keyspace);
        if (Target == SchemaChangeTarget.Keyspace) return;
        writer.WriteString(Name!);
        if (function) MessageWire.WriteStringList(ref writer, ArgumentTypes!);
    }

    private static SchemaChange ReadFunction(ref CqlReader reader, SchemaChangeType change, SchemaChangeTarget target, string ks)
    {
        string name = reader.ReadString();
        return new SchemaChange(change, target, ks, name, MessageWire.ReadStringList(ref reader));
    }

    // Comparing UTF-8 spans avoids allocating strings for the fixed vocabulary.
    private static SchemaChangeType ParseChangeType(ReadOnlySpan<byte> s) =>
        s.SequenceEqual("CREATED"u8) ? SchemaChangeType.Created :
        s.SequenceEqual("UPDATED"u8) ? SchemaChangeType.Updated :
        s.SequenceEqual("DROPPED"u8) ? SchemaChangeType.Dropped :
        throw new CqlProtocolException($"Unknown schema change type '{System.Text.Encoding.UTF8.GetString(s)}'");

    private static SchemaChangeTarget ParseTarget(ReadOnlySpan<byte> s, byte version)
    {
        var target =
            s.SequenceEqual("KEYSPACE"u8) ? SchemaChangeTarget.Keyspace :
            s.SequenceEqual("TABLE"u8) ? SchemaChangeTarget.Table :
            s.SequenceEqual("TYPE"u8) ? SchemaChangeTarget.Type :
            s.SequenceEqual("FUNCTION"u8) ? SchemaChangeTarget.Function :
            s.SequenceEqual("AGGREGATE"u8) ? SchemaChangeTarget.Aggregate :
            throw new CqlProtocolException($"Unknown schema change target '{System.Text.Encoding.UTF8.GetString(s)}'");
        // v3 only knows KEYSPACE, TABLE and TYPE; its bodies for other targets would have a different layout.
        if (version < ProtocolVersion.V4 && target is SchemaChangeTarget.Function or SchemaChangeTarget.Aggregate)
            throw new CqlProtocolException($"Schema change target {target} does not exist in protocol v{version}");
        return target;
    }
}
