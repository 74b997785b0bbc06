namespace ScriptProxy.Abstractions.Types;

/// <summary>set&lt;T&gt;; values are <c>List&lt;object?&gt;</c> in wire order.</summary>
public sealed class SetType(CqlType element, bool frozen = false) : CqlType(CqlTypeCode.Set)
{
    public CqlType Element { get; } = element;

    public bool Frozen { get; } = frozen;

    public override bool Equals(CqlType? other) => other is SetType s && s.Element.Equals(Element);

    public override int GetHashCode() => HashCode.Combine(Code, Element);

    public override string ToString() => Frozen ? $"frozen<set<{Element}>>" : $"set<{Element}>";
}
