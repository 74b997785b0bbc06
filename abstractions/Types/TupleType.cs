namespace ScriptProxy.Abstractions.Types;

/// <summary>tuple&lt;A, B, ...&gt;; values are <c>object?[]</c>. Tuples are always frozen.</summary>
public sealed class TupleType(IReadOnlyList<CqlType> elements) : CqlType(CqlTypeCode.Tuple)
{
    public IReadOnlyList<CqlType> Elements { get; } = elements;

    public override bool Equals(CqlType? other) => other is TupleType t && t.Elements.SequenceEqual(Elements);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Code);
        foreach (var e in Elements) h.Add(e);
        return h.ToHashCode();
    }

    public override string ToString() => $"frozen<tuple<{string.Join(", ", Elements)}>>";
}
