namespace ScriptProxy.Host.Tests.Sessions;

/// <summary>Tests that measure the process's managed heap do not run in parallel with each other.</summary>
[CollectionDefinition(nameof(MemorySensitive), DisableParallelization = true)]
public sealed class MemorySensitive;
