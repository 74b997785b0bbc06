using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;

namespace ScriptProxy.Host.Scripting.JavaScript;

/// <summary>
/// <c>exchange.request</c> in JS (members are matched case-insensitively, so scripts use camelCase):
/// kind, opcode, keyspace, table, query, consistency (strings), valueNames, getValue(name),
/// setQuery(cql), setConsistency("QUORUM"), setValue(name, value), isModified.
/// </summary>
public sealed class JsRequest(ICqlRequest request)
{
    public string Kind => request.Kind.ToString();

    public string Opcode => request.Opcode.ToString();

    public int Stream => request.Stream;

    public int Version => request.Version;

    public string? Keyspace => request.Keyspace;

    public string? Table => request.Table;

    public string? Query => request.Query;

    public string? Consistency => request.Consistency?.ToString();

    public string[] ValueNames => [.. request.ValueNames];

    public bool IsModified => request.IsModified;

    public object? GetValue(string name) => request.TryGetValue(name, out var value) ? value : null;

    public void SetQuery(string cql) => request.SetQuery(cql);

    public void SetConsistency(string consistency)
    {
        if (!Enum.TryParse<Consistency>(consistency.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value))
            throw new ArgumentException($"Unknown consistency '{consistency}'");
        request.SetConsistency(value);
    }

    public void SetValue(string name, object? value) => request.SetValue(name, value);
}
