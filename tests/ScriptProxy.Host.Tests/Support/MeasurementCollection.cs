namespace ScriptProxy.Host.Tests.Support;

/// <summary>Tests that measure process-wide memory or time: they run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasurementCollection
{
    public const string Name = "Measurement (runs alone)";
}
