namespace ScriptProxy.Abstractions.Types;

/// <summary>A UDT value: field values in declaration order, addressable by name. Structural equality.</summary>
public sealed class UdtValue : IEquatable<UdtValue>
{
    public UdtValue(UdtType type, IReadOnlyList<object?> values)
    {
        if (values.Count > type.Fields.Count) throw new ArgumentException($"UDT {type.Name} has {type.Fields.Count} fields, got {values.Count} values");
        Type = type;
        Values = values;
    }

    public UdtType Type { get; }

    /// <summary>Values in field order; may be shorter than the field list (trailing fields missing = null).</summary>
    public IReadOnlyList<object?> Values { get; }

    public object? this[string field]
    {
        get
        {
            for (int i = 0; i < Type.Fields.Count; i++)
            {
                if (Type.Fields[i].Name == field) return i < Values.Count ? Values[i] : null;
            }
            throw new KeyNotFoundException($"UDT {Type.Name} has no field '{field}'");
        }
    }

    public bool Equals(UdtValue? other) =>
        other is not null && other.Type.Equals(Type) && CqlValueComparer.Instance.Equals(Values, other.Values);

    public override bool Equals(object? obj) => obj is UdtValue u && Equals(u);

    public override int GetHashCode() => HashCode.Combine(Type, Values.Count);

    public override string ToString() =>
        "{" + string.Join(", ", Type.Fields.Select((f, i) => $"{f.Name}: {(i < Values.Count ? Values[i] : null) ?? "null"}")) + "}";
}
