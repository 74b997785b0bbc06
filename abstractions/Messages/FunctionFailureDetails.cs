using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>Function_failure (0x1400): <c>&lt;keyspace&gt;&lt;function&gt;&lt;arg_types&gt;</c>.</summary>
/// <param name="ArgumentTypes">One CQL type name per argument of the failed function.</param>
public sealed record FunctionFailureDetails(string Keyspace, string Function, IReadOnlyList<string> ArgumentTypes) : ErrorDetails
{
    /// <inheritdoc />
    public override bool AppliesTo(ErrorCode code) => code == ErrorCode.FunctionFailure;

    internal static FunctionFailureDetails Read(ref CqlReader reader)
    {
        string ks = reader.ReadString();
        string function = reader.ReadString();
        return new FunctionFailureDetails(ks, function, MessageWire.ReadStringList(ref reader));
    }

    internal override void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteString(Keyspace);
        writer.WriteString(Function);
        MessageWire.WriteStringList(ref writer, ArgumentTypes);
    }
}
