using ScriptProxy.Abstractions.Messages;

namespace ScriptProxy.Transforms.Mirroring;

/// <summary>
/// Compares two clusters' answers to the same request by what a client would see: the kind of answer, the error
/// code, the column names and types, and the row bytes. Prepared ids, tracing ids, warnings and paging states
/// legitimately differ between clusters and are ignored.
/// </summary>
internal static class ResponseComparer
{
    /// <summary>Null when equivalent, else a short description of the first difference.</summary>
    public static string? Difference(IResponse primary, IResponse secondary)
    {
        switch (primary, secondary)
        {
            case (ErrorResponse a, ErrorResponse b):
                return a.Code == b.Code ? null : $"errors differ: {a.Code} vs {b.Code}";
            case (RowsResult a, RowsResult b):
                if (a.RowCount != b.RowCount) return $"row counts differ: {a.RowCount} vs {b.RowCount}";
                if (a.ColumnCount != b.ColumnCount) return $"column counts differ: {a.ColumnCount} vs {b.ColumnCount}";
                if (a.Columns is { } ca && b.Columns is { } cb)
                {
                    for (int i = 0; i < ca.Count; i++)
                    {
                        if (ca[i].Name != cb[i].Name || ca[i].Type != cb[i].Type) return $"column {i} differs: {ca[i].Name} {ca[i].Type} vs {cb[i].Name} {cb[i].Type}";
                    }
                }
                for (int r = 0; r < a.RowCount; r++)
                {
                    for (int c = 0; c < a.ColumnCount; c++)
                    {
                        if (!a.GetCell(r, c).Equals(b.GetCell(r, c))) return $"row {r} column {a.Columns?[c].Name ?? c.ToString(System.Globalization.CultureInfo.InvariantCulture)} differs";
                    }
                }
                return null;
            case (PreparedResult, PreparedResult):
                return null; // ids differ by design
            default:
                return primary.GetType() == secondary.GetType() ? null : $"{Describe(primary)} vs {Describe(secondary)}";
        }
    }

    public static string Describe(IResponse response) => response switch
    {
        ErrorResponse e => $"ERROR {e.Code} ({e.Message})",
        RowsResult r => $"{r.RowCount} rows",
        ResultResponse r => $"RESULT {r.Kind}",
        _ => response.Opcode.ToString(),
    };
}
