namespace ScriptProxy.Abstractions.Stages;

/// <summary>Continues an exchange: runs the rest of the chain and the upstream, then returns with <see cref="ICqlExchange.Response"/> set.</summary>
public delegate ValueTask StageNext(ICqlExchange exchange);

/// <summary>
/// One stage of the pipeline (a built-in transform, a C# or JS script, or a plugin).
/// <para>Invariants the host guarantees: every request gets exactly one response, matched by stream id;
/// a stage sees each exchange once per pipeline version; a stage that throws or overruns its time budget
/// is handled by its failure policy and never breaks the connection.</para>
/// <para>A stage may: read the request; change it (<see cref="ICqlRequest"/> setters, copy-on-write);
/// answer it itself (<see cref="ICqlExchange.Respond(Wire.ErrorCode, string)"/> and not call <c>next</c>);
/// call <c>next</c> and then read or change the response; await async work.</para>
/// </summary>
public interface IStage
{
    ValueTask InvokeAsync(ICqlExchange exchange, StageNext next);
}
