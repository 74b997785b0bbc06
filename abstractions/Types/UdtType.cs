namespace ScriptProxy.Abstractions.Types;

/// <summary>A user-defined type; values are <see cref="UdtValue"/>.</summary>
public sealed class UdtType(string keyspace, string name, IReadOnlyList<UdtField> fields, bool frozen = true) : CqlType(CqlTypeCode.Udt)
{
    public string Keyspace { get; } = keyspace;

    public string Name { get; } = name;

    public IReadOnlyList<UdtField> Fields { get; } = fields;

    public bool Frozen { get; } = frozen;

    public override bool Equals(CqlType? other) =>
        other is UdtType u && u.Keyspace == Keyspace && u.Name == Name && u.Fields.SequenceEqual(Fields);

    public override int GetHashCode() => HashCode.Combine(Code, Keyspace, Name, Fields.Count);

    public override string ToString() => Frozen ? $"frozen<{Name}>" : Name;
}

/// <summary>One field of a UDT.</summary>
public sealed record UdtField(string Name, CqlType Type);
