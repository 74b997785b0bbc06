namespace ScriptProxy.Bench.Scenarios;

/// <summary>One column of the matrix: how the load generator reaches the node.</summary>
/// <param name="Name">Short name used in tables and on the command line.</param>
/// <param name="Kind">Direct, proxy or HAProxy.</param>
/// <param name="Stages">For proxies: the <c>stages</c> array as JSON (null = bypass, no stages).</param>
/// <param name="Files">Script files the stages need, written next to the generated config (name, content).</param>
/// <param name="HostDll">For proxies: another build's scriptproxy.dll to run instead of this repository's (A/B rows).</param>
public sealed record Scenario(string Name, ScenarioKind Kind, string? Stages = null, IReadOnlyList<(string Name, string Content)>? Files = null, string? HostDll = null)
{
    public const string EmptyCSharp = "ValueTask InvokeAsync(ICqlExchange exchange, StageNext next) => next(exchange);\n";

    public const string KeyspaceCSharp =
        "long seen;\n" +
        "ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)\n" +
        "{\n" +
        "    var request = exchange.Request;\n" +
        "    // Read every query's keyspace and table (forces the statement to be classified).\n" +
        "    if (request.Keyspace is not null && request.Table is not null) seen++;\n" +
        "    return next(exchange);\n" +
        "}\n";

    public const string EmptyJs = "function onRequest(exchange) {\n}\n";

    /// <summary>Every scenario, in the order a round runs them.</summary>
    public static IReadOnlyList<Scenario> All(string repositoryRoot) =>
    [
        new("direct", ScenarioKind.Direct),
        new("bypass", ScenarioKind.Proxy),
        new("haproxy", ScenarioKind.Haproxy),
        new("cs-empty", ScenarioKind.Proxy, """[{ "script": "empty.csx" }]""", [("empty.csx", EmptyCSharp)]),
        new("cs-keyspace", ScenarioKind.Proxy, """[{ "script": "keyspace.csx" }]""", [("keyspace.csx", KeyspaceCSharp)]),
        new("js", ScenarioKind.Proxy, """[{ "script": "empty.js" }]""", [("empty.js", EmptyJs)]),
        new("plugin", ScenarioKind.Proxy, Plugin(repositoryRoot, inline: false)),
        // The same stages declared trusted ("inline": true): the chain runs on the connection's readers, no pool hops.
        new("cs-keyspace-inline", ScenarioKind.Proxy, """[{ "script": "keyspace.csx", "inline": true }]""", [("keyspace.csx", KeyspaceCSharp)]),
        new("js-inline", ScenarioKind.Proxy, """[{ "script": "empty.js", "inline": true }]""", [("empty.js", EmptyJs)]),
        new("plugin-inline", ScenarioKind.Proxy, Plugin(repositoryRoot, inline: true)),
    ];

    /// <summary>The Audit plugin auditing nothing of the bench workload (only schema changes).</summary>
    private static string Plugin(string repositoryRoot, bool inline) =>
        $$"""[{ "plugin": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(repositoryRoot, "plugins", "Audit"))}}, "settings": { "kinds": ["Schema"] }{{(inline ? ", \"inline\": true" : "")}} }]""";
}
