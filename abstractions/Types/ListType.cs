namespace ScriptProxy.Abstractions.Types;

/// <summary>list&lt;T&gt;; values are <c>List&lt;object?&gt;</c>.</summary>
public sealed class ListType(CqlType element, bool frozen = false) : CqlType(CqlTypeCode.List)
{
    public CqlType Element { get; } = element;

    /// <summary>Frozen is a schema property only; it does not change the wire form.</summary>
    public bool Frozen { get; } = frozen;

    public override bool Equals(CqlType? other) => other is ListType l && l.Element.Equals(Element);

    public override int GetHashCode() => HashCode.Combine(Code, Element);

    public override string ToString() => Frozen ? $"frozen<list<{Element}>>" : $"list<{Element}>";
}
