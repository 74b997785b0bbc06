using System.Text.Json;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Privacy;

/// <summary>
/// Masks configured columns in result rows. Text columns (text, varchar, ascii) get the mask string (optionally
/// keeping the last few characters, e.g. "****1234"); columns of any other type become null, because a made-up
/// number or date would look like real data. The stored data is untouched; only what the client sees changes.
/// </summary>
public sealed class Redact : IStage
{
    private readonly IReadOnlyList<ColumnPattern> _columns;
    private readonly string _mask;
    private readonly int _keepLast;

    private Redact(IReadOnlyList<ColumnPattern> columns, string mask, int keepLast)
    {
        _columns = columns;
        _mask = mask;
        _keepLast = keepLast;
    }

    /// <summary>Builds the stage from <c>columns</c>, <c>mask</c> and <c>keepLast</c>.</summary>
    public static Redact Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "columns", "mask", "keepLast");
        var names = r.StringList("columns");
        if (names.Count == 0) throw r.Problem("columns", "is required: a list like [\"users.email\", \"shop.customers.card\"]");
        var patterns = new List<ColumnPattern>();
        for (int i = 0; i < names.Count; i++)
        {
            patterns.Add(ColumnPattern.Parse(names[i]) ?? throw r.Problem($"columns[{i}]", $"expected \"column\", \"table.column\" or \"keyspace.table.column\", got \"{names[i]}\""));
        }
        return new Redact(patterns, r.String("mask", "****")!, r.Int("keepLast", 0, 64, 0));
    }

    /// <inheritdoc />
    public async ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        await next(exchange).ConfigureAwait(false);
        if (exchange.Response is not { IsError: false, RowCount: > 0 } response) return;
        foreach (var column in response.Columns)
        {
            if (!_columns.Any(p => p.Matches(column.Keyspace, column.Table, column.Name))) continue;
            bool text = column.Type.Code is CqlTypeCode.Varchar or CqlTypeCode.Ascii;
            for (int row = 0; row < response.RowCount; row++)
            {
                var value = response.GetCell(row, column.Name);
                if (value is null) continue; // nothing to hide
                response.SetCell(row, column.Name, text ? Mask((string)value) : null);
            }
        }
    }

    private string Mask(string value)
    {
        if (_keepLast == 0 || value.Length <= _keepLast) return _mask;
        return _mask + value[^_keepLast..];
    }
}
