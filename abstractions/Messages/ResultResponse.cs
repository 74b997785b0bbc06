using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>
/// RESULT (spec 4.2.5): an [int] kind then a kind-specific body. The subclasses are
/// <see cref="VoidResult"/>, <see cref="RowsResult"/>, <see cref="SetKeyspaceResult"/>, <see cref="PreparedResult"/>
/// and <see cref="SchemaChangeResult"/>; the hierarchy is closed.
/// </summary>
public abstract record ResultResponse : IResponse
{
    private protected ResultResponse()
    {
    }

    /// <summary>The kind written before the body.</summary>
    public abstract ResultKind Kind { get; }

    /// <inheritdoc />
    public Opcode Opcode => Opcode.Result;

    /// <summary>The Void result (shared instance).</summary>
    public static VoidResult Void => VoidResult.Instance;

    /// <summary>The answer to <c>USE keyspace</c>.</summary>
    public static SetKeyspaceResult SetKeyspace(string keyspace) => new(keyspace);

    /// <summary>A schema-change result.</summary>
    public static SchemaChangeResult SchemaChanged(SchemaChange change) => new(change);

    /// <summary>Reads the body of a RESULT.</summary>
    /// <exception cref="CqlProtocolException">Unknown kind or malformed body.</exception>
    public static ResultResponse Read(ref CqlReader reader, byte version)
    {
        int kind = reader.ReadInt();
        return (ResultKind)kind switch
        {
            ResultKind.Void => VoidResult.Instance,
            ResultKind.Rows => RowsResult.Read(ref reader, version),
            ResultKind.SetKeyspace => SetKeyspaceResult.Read(ref reader, version),
            ResultKind.Prepared => PreparedResult.Read(ref reader, version),
            ResultKind.SchemaChange => SchemaChangeResult.Read(ref reader, version),
            _ => throw new CqlProtocolException($"Unknown RESULT kind 0x{kind:X4}"),
        };
    }

    /// <inheritdoc />
    public void Write(ref CqlWriter writer, byte version)
    {
        writer.WriteInt((int)Kind);
        WriteBody(ref writer, version);
    }

    /// <summary>Writes what follows the kind.</summary>
    private protected abstract void WriteBody(ref CqlWriter writer, byte version);
}
