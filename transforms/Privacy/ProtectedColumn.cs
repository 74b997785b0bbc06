using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Transforms.Privacy;

/// <summary>A protected column: where it is, and the type clients read and write (it is stored as blob).</summary>
internal sealed record ProtectedColumn(string Keyspace, string Table, string Column, CqlType PlainType)
{
    /// <summary>"keyspace.table.column", also the ciphertext's associated data.</summary>
    public string FullName => $"{Keyspace}.{Table}.{Column}";

    /// <summary>The scalar types Protect accepts: every native type except counter (cannot be a blob) and duration.</summary>
    public static bool IsAccepted(CqlType type) => type is NativeType && type.Code is not (CqlTypeCode.Counter or CqlTypeCode.Duration or CqlTypeCode.Custom);
}
