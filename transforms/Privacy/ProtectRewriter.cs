using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Privacy;

/// <summary>
/// The request side of Protect for statement text: encrypts literals assigned to protected columns (replacing them
/// with blob literals in the text) and bound values at the markers assigned to them, and refuses what cannot be
/// protected (filtering on a protected column, computed values, INSERT JSON).
/// </summary>
internal sealed class ProtectRewriter(Func<string?, string?, IReadOnlyList<ProtectedColumn>> columnsOf, ProtectCipher cipher)
{
    /// <summary>The markers of <paramref name="statement"/> that write protected columns (for PREPARE).</summary>
    /// <exception cref="ProtectException">The statement uses a protected column in a way that cannot be protected.</exception>
    public Dictionary<int, ProtectedColumn> Markers(CqlStatement statement, string? keyspace)
    {
        var markers = new Dictionary<int, ProtectedColumn>();
        foreach (var child in statement.Children.Count > 0 ? statement.Children : [statement])
        {
            var columns = Check(child, keyspace);
            foreach (var a in child.Assignments)
            {
                if (Find(columns, a.Column) is not { } column) continue;
                if (a.Term.IsMarker) markers[a.Term.MarkerIndex] = column;
                else if (!a.Term.IsLiteral) throw Computed(column);
            }
        }
        return markers;
    }

    /// <summary>
    /// Rewrites a statement's text and values; returns null when it touches no protected column.
    /// <paramref name="values"/> are positional unless <paramref name="names"/> is given.
    /// </summary>
    public (string Text, IReadOnlyList<CqlValueSlice>? Values)? Rewrite(CqlStatement statement, string? keyspace, IReadOnlyList<CqlValueSlice>? values, IReadOnlyList<string>? names, byte version)
    {
        CqlTextEdit? edit = null;
        CqlValueSlice[]? newValues = null;
        foreach (var child in statement.Children.Count > 0 ? statement.Children : [statement])
        {
            var columns = Check(child, keyspace);
            foreach (var a in child.Assignments)
            {
                if (Find(columns, a.Column) is not { } column) continue;
                if (a.Term.Literal is { } literal)
                {
                    if (literal.Is("null")) continue;
                    if (!CqlLiteral.TryConvert(literal, column.PlainType, out var value) || value is null)
                        throw new ProtectException($"Invalid literal for protected column {column.FullName} of type {column.PlainType}: {statement.Text.Substring(literal.Start, literal.Length)}");
                    byte[] encrypted = cipher.Encrypt(CqlValueCodec.Serialize(column.PlainType, value, version), column.FullName);
                    (edit ??= new CqlTextEdit(statement.Text)).Replace(literal, "0x" + Convert.ToHexStringLower(encrypted));
                }
                else if (a.Term.IsMarker)
                {
                    int index = names is null ? a.Term.MarkerIndex : IndexOfName(names, a.Term.Marker!.Value.Kind == CqlTokenKind.NamedMarker ? a.Term.Marker.Value.Value : a.Column);
                    if (values is null || index < 0 || index >= values.Count) continue; // Cassandra will report the missing value
                    newValues ??= [.. values];
                    if (newValues[index].HasBytes) newValues[index] = new CqlValueSlice(cipher.Encrypt(newValues[index].Bytes.Span, column.FullName));
                }
                else throw Computed(column);
            }
        }
        if (edit is null && newValues is null) return null;
        return (edit?.ToString() ?? statement.Text, newValues ?? values);
    }

    private IReadOnlyList<ProtectedColumn> Check(CqlStatement statement, string? keyspace)
    {
        var columns = columnsOf(statement.Keyspace ?? keyspace, statement.Table);
        if (columns.Count == 0) return columns;
        if (statement.IsJson) throw new ProtectException($"INSERT JSON is not supported on {columns[0].Keyspace}.{columns[0].Table}, which has protected columns; list the columns instead");
        foreach (var w in statement.WhereEqualities)
        {
            if (Find(columns, w.Column) is { } column)
                throw new ProtectException($"Cannot filter on protected column {column.FullName}: its values are encrypted with a random nonce, so equal values do not compare equal");
        }
        return columns;
    }

    private static ProtectedColumn? Find(IReadOnlyList<ProtectedColumn> columns, string name) =>
        columns.FirstOrDefault(c => string.Equals(c.Column, name, StringComparison.OrdinalIgnoreCase));

    private static int IndexOfName(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static ProtectException Computed(ProtectedColumn column) =>
        new($"Only literals and bind markers can be written to protected column {column.FullName}");
}
