namespace ScriptProxy.Host.Tests.Support;

/// <summary>
/// Tests that assert a deadline (e.g. "live within a second of the save") run alone, after the parallel
/// tests of this assembly, so they measure the proxy and not the test run's own CPU contention.
/// </summary>
[CollectionDefinition(nameof(TimingSensitive), DisableParallelization = true)]
public sealed class TimingSensitive;
