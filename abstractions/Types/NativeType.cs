namespace ScriptProxy.Abstractions.Types;

/// <summary>A type with no parameters (ascii, int, uuid, ...).</summary>
public sealed class NativeType : CqlType
{
    private readonly string _name;

    internal NativeType(CqlTypeCode code, string name) : base(code) => _name = name;

    public override bool Equals(CqlType? other) => other is NativeType n && n.Code == Code;

    public override int GetHashCode() => (int)Code;

    public override string ToString() => _name;
}
