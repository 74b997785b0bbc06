using ScriptProxy.Node.Schema;

namespace ScriptProxy.Node.Storage;

/// <summary>
/// Orders clustering keys as the table declares (ASC/DESC per column). Compares only the common prefix, so a
/// shorter key (a slice bound) compares equal to every key that starts with it.
/// </summary>
internal sealed class ClusteringComparer(IReadOnlyList<ColumnMetadata> clustering) : IComparer<object?[]>
{
    public IReadOnlyList<ColumnMetadata> Columns { get; } = clustering;

    public int Compare(object?[]? x, object?[]? y)
    {
        if (x is null || y is null) return 0;
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            var col = Columns[i];
            int c = ValueOrdering.Compare(col.Type, x[i], y[i]);
            if (c != 0) return col.Descending ? -c : c;
        }
        return 0;
    }
}
