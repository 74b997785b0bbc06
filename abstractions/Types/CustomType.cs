namespace ScriptProxy.Abstractions.Types;

/// <summary>A custom type named by its Java class (option id 0x0000); values are opaque bytes.</summary>
public sealed class CustomType(string className) : CqlType(CqlTypeCode.Custom)
{
    public string ClassName { get; } = className;

    public override bool Equals(CqlType? other) => other is CustomType c && c.ClassName == ClassName;

    public override int GetHashCode() => HashCode.Combine(Code, ClassName);

    public override string ToString() => $"'{ClassName}'";
}
