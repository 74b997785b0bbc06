using System.Text.Json;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Transforms.Caching;
using ScriptProxy.Transforms.Debugging;
using ScriptProxy.Transforms.Filtering;
using ScriptProxy.Transforms.Limits;
using ScriptProxy.Transforms.Mirroring;
using ScriptProxy.Transforms.Observability;
using ScriptProxy.Transforms.Privacy;
using ScriptProxy.Transforms.Rewriting;

namespace ScriptProxy.Transforms;

/// <summary>
/// The built-in stages, by the name used in proxy.json (<c>{"builtin": "QueryTypeFilter", ...}</c>). The host calls
/// <see cref="Create"/> once per configured entry (and again on every reload); each call returns a fresh stage.
/// </summary>
public static class BuiltinStages
{
    private static readonly Dictionary<string, Func<JsonElement, BuiltinContext, IStage>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["QueryTypeFilter"] = QueryTypeFilter.Create,
        ["KeyspaceRewrite"] = KeyspaceRewrite.Create,
        ["ConsistencyOverride"] = ConsistencyOverride.Create,
        ["Redact"] = Redact.Create,
        ["RequestThrottling"] = RequestThrottling.Create,
        ["QueryCounter"] = QueryCounter.Create,
        ["PeersRewrite"] = PeersRewrite.Create,
        ["NullSink"] = NullSink.Create,
        ["DebugReturner"] = DebugReturner.Create,
        ["DebugPrinter"] = DebugPrinter.Create,
        ["Coalesce"] = Coalesce.Create,
        ["Cache"] = ResultCache.Create,
        ["Protect"] = Protect.Create,
        ["Tee"] = Tee.Create,
        ["DualWrite"] = DualWrite.Create,
    };

    /// <summary>The names <see cref="Create"/> accepts (case-insensitively).</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds the built-in stage <paramref name="name"/> from its settings.</summary>
    /// <param name="name">The "builtin" value, e.g. "QueryTypeFilter".</param>
    /// <param name="settings">The stage's object from proxy.json; keys in <see cref="BuiltinContext.HostKeys"/> are ignored.</param>
    /// <param name="context">Where the settings came from, logging, and access to other clusters.</param>
    /// <exception cref="TransformConfigException">Unknown name, unknown key, or a value that is not what was expected.</exception>
    public static IStage Create(string name, JsonElement settings, BuiltinContext context)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(context);
        if (!Factories.TryGetValue(name, out var factory))
        {
            string key = context.KeyPrefix.Length == 0 ? "builtin" : context.KeyPrefix + ".builtin";
            throw new TransformConfigException(context.File, key, $"unknown built-in stage \"{name}\"; expected one of: {string.Join(", ", Names)}");
        }
        return factory(settings, context);
    }
}
