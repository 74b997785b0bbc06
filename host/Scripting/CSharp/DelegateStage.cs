using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Scripting.CSharp;

/// <summary>A stage whose body is a script's top-level <c>InvokeAsync</c> method, called through a delegate (a few ns per call).</summary>
internal sealed class DelegateStage(Func<ICqlExchange, StageNext, ValueTask> invoke) : IStage
{
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => invoke(exchange, next);
}
