using ScriptProxy.Transforms.Configuration;

namespace ScriptProxy.Transforms.Support;

/// <summary>
/// The optional "keyspaces" / "tables" restriction shared by several transforms: a request is in scope when its
/// keyspace is listed (or none are) and its table is listed (or none are).
/// </summary>
internal sealed class StatementScope
{
    private readonly IReadOnlyList<string> _keyspaces;
    private readonly IReadOnlyList<TableName> _tables;

    private StatementScope(IReadOnlyList<string> keyspaces, IReadOnlyList<TableName> tables)
    {
        _keyspaces = keyspaces;
        _tables = tables;
    }

    public static StatementScope Read(SettingsReader reader) =>
        new(reader.StringList("keyspaces"), [.. reader.StringList("tables").Select(TableName.Parse)]);

    public bool IsEverything => _keyspaces.Count == 0 && _tables.Count == 0;

    public bool Matches(string? keyspace, string? table)
    {
        if (_keyspaces.Count > 0 && !_keyspaces.Any(k => k == "*" || string.Equals(k, keyspace, StringComparison.OrdinalIgnoreCase))) return false;
        if (_tables.Count > 0 && !_tables.Any(t => t.Matches(keyspace, table))) return false;
        return true;
    }
}
