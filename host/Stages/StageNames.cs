using ScriptProxy.Host.Configuration;

namespace ScriptProxy.Host.Stages;

/// <summary>
/// Gives every stage of a chain a unique <see cref="StageDefinition.Name"/>, because the admin API, the CLI and the
/// <c>stage</c> label on /metrics address stages by name. The rules:
/// <list type="bullet">
/// <item>a stage with <c>"name"</c> in proxy.json is called that;</item>
/// <item>a stage without goes by its default name, the builtin name or the script/plugin path as written; the 2nd, 3rd...
/// stage with the same default is "Default#2", "Default#3"... (counting only stages that use the default), so a chain such as
/// [QueryCounter, Cache, QueryCounter] needs no change to proxy.json: QueryCounter and QueryCounter#2;</item>
/// <item>two stages that would end up with the same name is a config error naming both keys: an explicit name given twice,
/// or an explicit name equal to the name another stage gets by default.</item>
/// </list>
/// Names compare case-insensitively, as the admin API finds stages by name case-insensitively.
/// "#" was kept as the suffix because /metrics already labelled a repeated stage's own counters that way (QueryCounter#2);
/// in a URL it is written %23, which the CLI does itself.
/// </summary>
internal static class StageNames
{
    /// <summary>What separates a repeated default name from its ordinal, e.g. "QueryCounter#2".</summary>
    public const char SuffixSeparator = '#';

    /// <summary>
    /// The definitions with their unique names set. Idempotent: names depend only on each stage's explicit name, source and
    /// position, so assigning again (the pipeline manager does, for chains not read from proxy.json) changes nothing.
    /// </summary>
    /// <exception cref="ConfigException">Two stages would share a name; it names the file and both keys.</exception>
    public static IReadOnlyList<StageDefinition> Assign(IReadOnlyList<StageDefinition> definitions)
    {
        // Explicit names first: they are reserved wherever they appear, so a default never takes one silently.
        var owners = new Dictionary<string, StageDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in definitions)
        {
            if (d.ExplicitName is not { } name) continue;
            if (owners.TryGetValue(name, out var first))
            {
                throw new ConfigException(d.ConfigFile, NameKey(d),
                    $"\"{name}\" is already the name of {NameKey(first)}; give each stage a distinct \"name\"");
            }
            owners[name] = d;
        }
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var named = new List<StageDefinition>(definitions.Count);
        foreach (var d in definitions)
        {
            if (d.ExplicitName is { } name)
            {
                named.Add(d with { Name = name });
                continue;
            }
            int n = seen[d.Source] = seen.GetValueOrDefault(d.Source) + 1;
            string candidate = Suffixed(d.Source, n);
            if (owners.TryGetValue(candidate, out var owner))
            {
                throw new ConfigException(owner.ConfigFile, NameKey(owner),
                    $"\"{owner.ExplicitName}\" is also the name {d.ConfigKey} gets by default (from {SourceKey(d)}); " +
                    $"give each stage a distinct \"name\" (e.g. set \"name\" on {d.ConfigKey} too)");
            }
            // A default can only meet another default's suffixed form through an odd path (a plugin folder called "X#2"):
            // take the next free ordinal rather than fail a config that has no explicit name to change.
            while (owners.ContainsKey(candidate) || named.Any(s => string.Equals(s.Name, candidate, StringComparison.OrdinalIgnoreCase)))
                candidate = Suffixed(d.Source, n = seen[d.Source] = n + 1);
            named.Add(d with { Name = candidate });
        }
        return named;
    }

    private static string Suffixed(string name, int n) => n == 1 ? name : $"{name}{SuffixSeparator}{n}";

    private static string NameKey(StageDefinition d) => d.ConfigKey + ".name";

    private static string SourceKey(StageDefinition d) => d.ConfigKey + "." + d.Kind switch
    {
        StageKind.Builtin => "builtin",
        StageKind.Plugin => "plugin",
        _ => "script",
    };
}
