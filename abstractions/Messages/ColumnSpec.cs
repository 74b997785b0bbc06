using ScriptProxy.Abstractions.Types;

namespace ScriptProxy.Abstractions.Messages;

/// <summary>A &lt;col_spec_i&gt; (spec 4.2.5.2): keyspace, table, column (or bind marker) name and type.</summary>
public sealed record ColumnSpec(string Keyspace, string Table, string Name, CqlType Type)
{
    /// <summary>True when every column has the same keyspace and table (so a global table spec can be used).</summary>
    public static bool ShareTable(IReadOnlyList<ColumnSpec> columns)
    {
        for (int i = 1; i < columns.Count; i++)
        {
            if (columns[i].Keyspace != columns[0].Keyspace || columns[i].Table != columns[0].Table) return false;
        }
        return true;
    }
}
