using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>RESULT Void (spec 4.2.5.1): success without content. Use <see cref="ResultResponse.Void"/>.</summary>
public sealed record VoidResult : ResultResponse
{
    private VoidResult()
    {
    }

    /// <summary>The single instance.</summary>
    public static VoidResult Instance { get; } = new();

    /// <inheritdoc />
    public override ResultKind Kind => ResultKind.Void;

    private protected override void WriteBody(ref CqlWriter writer, byte version)
    {
    }
}
