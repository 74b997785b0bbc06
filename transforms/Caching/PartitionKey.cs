using System.Globalization;
using System.Numerics;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Caching;

/// <summary>
/// Works out which partition a statement touches, as a canonical string that is the same whether the key was a
/// literal (<c>id = 42</c>) or a bound value whose type is known (<c>id = ?</c> of a prepared statement). When the
/// type of a bound value is unknown (positional values of a plain QUERY) the partition is unknown, and the cache
/// falls back to the whole table, which is never wrong, only less precise.
/// </summary>
internal static class PartitionKey
{
    /// <summary>The canonical partition, or null when the statement does not pin every partition key column.</summary>
    public static string? Of(CqlStatement statement, IReadOnlyList<string> keyColumns, IReadOnlyList<CqlColumnTerm> terms, ICqlRequest request, IReadOnlyList<CqlValueSlice>? values)
    {
        var parts = new string[keyColumns.Count];
        for (int i = 0; i < keyColumns.Count; i++)
        {
            var term = terms.FirstOrDefault(t => string.Equals(t.Column, keyColumns[i], StringComparison.OrdinalIgnoreCase))?.Term;
            if (term is null) return null;
            string? part = term.Literal is { } literal ? Literal(literal)
                : term.IsMarker ? Bound(statement, term.MarkerIndex, request, values)
                : null;
            if (part is null) return null;
            parts[i] = part;
        }
        return string.Join('\u001F', parts);
    }

    private static string? Literal(CqlToken token) => token.Kind switch
    {
        CqlTokenKind.Integer => BigInteger.Parse(token.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        CqlTokenKind.String or CqlTokenKind.Uuid => token.Value,
        CqlTokenKind.Hex => token.Value.ToUpperInvariant(),
        CqlTokenKind.Identifier when token.Value is "true" or "false" => token.Value,
        _ => null,
    };

    private static string? Bound(CqlStatement statement, int index, ICqlRequest request, IReadOnlyList<CqlValueSlice>? values)
    {
        // The host decodes bound values by the prepared statement's types; without a name there is no type.
        var names = request.ValueNames;
        string? name = index < names.Count ? names[index] : statement.MarkerName(index);
        if (name is null || !request.TryGetValue(name, out var value) || value is null) return null;
        return value switch
        {
            string s => s,
            Guid g => g.ToString("D"),
            bool b => b ? "true" : "false",
            byte[] bytes => Convert.ToHexString(bytes),
            sbyte or short or int or long or BigInteger => Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
