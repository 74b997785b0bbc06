using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>Builtin "Passthrough": calls next and nothing else (the baseline for measuring the runtime's own cost).</summary>
internal sealed class PassthroughStage : IStage
{
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => next(exchange);
}
