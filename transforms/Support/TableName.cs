namespace ScriptProxy.Transforms.Support;

/// <summary>
/// A "keyspace.table" or "table" pattern from the configuration, matched case-insensitively (CQL folds unquoted
/// names to lower case, and configurations are written by people). "*" matches any name.
/// </summary>
internal readonly record struct TableName(string? Keyspace, string Table)
{
    public static TableName Parse(string text)
    {
        int dot = text.IndexOf('.');
        return dot < 0 ? new TableName(null, text) : new TableName(text[..dot], text[(dot + 1)..]);
    }

    public bool Matches(string? keyspace, string? table) =>
        (Keyspace is null || Keyspace == "*" || string.Equals(Keyspace, keyspace, StringComparison.OrdinalIgnoreCase))
        && (Table == "*" || string.Equals(Table, table, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Keyspace is null ? Table : $"{Keyspace}.{Table}";
}
