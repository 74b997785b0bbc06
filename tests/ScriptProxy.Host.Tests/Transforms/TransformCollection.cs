namespace ScriptProxy.Host.Tests.Transforms;

/// <summary>
/// The transforms' driver tests run one at a time: each starts nodes, a proxy and a Python driver, and the rate- and
/// time-based ones (throttling, coalescing) must not compete with each other for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TransformCollection
{
    public const string Name = "Transforms through the proxy";
}
