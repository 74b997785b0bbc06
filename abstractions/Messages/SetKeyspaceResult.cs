using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>RESULT Set_keyspace (spec 4.2.5.3): the [string] keyspace a <c>USE</c> switched to.</summary>
public sealed record SetKeyspaceResult(string Keyspace) : ResultResponse
{
    /// <inheritdoc />
    public override ResultKind Kind => ResultKind.SetKeyspace;

    /// <summary>Reads the body after the [int] kind.</summary>
    public static new SetKeyspaceResult Read(ref CqlReader reader, byte version) => new(reader.ReadString());

    private protected override void WriteBody(ref CqlWriter writer, byte version) => writer.WriteString(Keyspace);
}
