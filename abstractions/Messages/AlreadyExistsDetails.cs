using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>Already_exists (0x2400): <c>&lt;ks&gt;&lt;table&gt;</c>; the table is "" when a keyspace already exists.</summary>
public sealed record AlreadyExistsDetails(string Keyspace, string Table) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.AlreadyExists;

    internal static AlreadyExistsDetails Read(ref CqlReader reader)
    {
        string ks = reader.ReadString();
        return new AlreadyExistsDetails(ks, reader.ReadString());
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteString(Keyspace);
        writer.WriteString(Table);
    }
}
