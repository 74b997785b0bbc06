namespace ScriptProxy.Transforms.Support;

/// <summary>
/// A configured column: "column", "table.column" or "keyspace.table.column" ("*" matches any part), matched
/// case-insensitively against a result column's keyspace, table and name.
/// </summary>
internal readonly record struct ColumnPattern(string? Keyspace, string? Table, string Column)
{
    /// <summary>Parses the pattern; null when it has more than three parts or an empty part.</summary>
    public static ColumnPattern? Parse(string text)
    {
        var parts = text.Split('.');
        if (parts.Length > 3 || parts.Any(p => p.Length == 0)) return null;
        return parts.Length switch
        {
            1 => new ColumnPattern(null, null, parts[0]),
            2 => new ColumnPattern(null, parts[0], parts[1]),
            _ => new ColumnPattern(parts[0], parts[1], parts[2]),
        };
    }

    public bool Matches(string? keyspace, string? table, string column) =>
        Part(Keyspace, keyspace) && Part(Table, table) && Part(Column, column);

    private static bool Part(string? pattern, string? value) =>
        pattern is null || pattern == "*" || string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => string.Join('.', new[] { Keyspace, Table, Column }.Where(p => p is not null));
}
