namespace ScriptProxy.Abstractions.Types;

/// <summary>map&lt;K, V&gt;; values are <c>List&lt;KeyValuePair&lt;object?, object?&gt;&gt;</c> in wire order.</summary>
public sealed class MapType(CqlType key, CqlType value, bool frozen = false) : CqlType(CqlTypeCode.Map)
{
    public CqlType Key { get; } = key;

    public CqlType Value { get; } = value;

    public bool Frozen { get; } = frozen;

    public override bool Equals(CqlType? other) => other is MapType m && m.Key.Equals(Key) && m.Value.Equals(Value);

    public override int GetHashCode() => HashCode.Combine(Code, Key, Value);

    public override string ToString() => Frozen ? $"frozen<map<{Key}, {Value}>>" : $"map<{Key}, {Value}>";
}
