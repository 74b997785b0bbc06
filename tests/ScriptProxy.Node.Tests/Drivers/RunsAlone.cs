namespace ScriptProxy.Node.Tests.Drivers;

/// <summary>
/// Driver runs with fixed client-side timeouts that a busy 2-core machine can miss (gocql's suite connects with a
/// 600 ms timeout it does not let us change): they run after the parallel classes, one at a time.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
