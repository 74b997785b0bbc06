using ScriptProxy.Abstractions.Stages;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// The stages compiled into the proxy, by the name proxy.json uses in <c>{"builtin": "Name"}</c>.
/// Transforms from transforms/ register here as they land.
/// </summary>
internal static class BuiltinStages
{
    private static readonly Dictionary<string, Func<StageContext, IStage>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Passthrough"] = _ => new PassthroughStage(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static bool TryCreate(string name, StageContext context, out IStage? stage)
    {
        stage = Factories.TryGetValue(name, out var factory) ? factory(context) : null;
        return stage is not null;
    }
}
