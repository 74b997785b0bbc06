using System.Text.Json;
using System.Text.RegularExpressions;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Stages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Configuration;
using ScriptProxy.Transforms.Support;

namespace ScriptProxy.Transforms.Debugging;

/// <summary>
/// Answers statements with a fixed, configured response (rows, an error, or Void) instead of the upstream's, e.g. to
/// test how an application handles an Overloaded error or a particular row set. With <c>match</c> (a regular
/// expression over the query text) only matching statements are answered; the rest pass through.
/// </summary>
public sealed class DebugReturner : IStage
{
    private readonly Regex? _match;
    private readonly Action<ICqlExchange> _respond;

    private DebugReturner(Regex? match, Action<ICqlExchange> respond)
    {
        _match = match;
        _respond = respond;
    }

    /// <summary>Builds the stage from <c>match</c> and <c>response</c> ("void", <c>{"error": ...}</c> or <c>{"rows": ...}</c>).</summary>
    public static DebugReturner Create(JsonElement settings, BuiltinContext context)
    {
        var r = SettingsReader.Root(settings, context, "match", "response");
        Regex? match = null;
        if (r.String("match") is { } pattern)
        {
            try
            {
                match = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                throw r.Problem("match", $"is not a valid regular expression: {e.Message}");
            }
        }
        var response = r.Get("response") ?? throw r.Problem("response", "is required: \"void\", {\"error\": {\"code\": \"Overloaded\", \"message\": \"...\"}} or {\"rows\": {\"columns\": [...], \"values\": [[...]]}}");
        return new DebugReturner(match, ReadResponse(r, response));
    }

    private static Action<ICqlExchange> ReadResponse(SettingsReader r, JsonElement response)
    {
        if (response.ValueKind == JsonValueKind.String && string.Equals(response.GetString(), "void", StringComparison.OrdinalIgnoreCase))
            return e => e.RespondVoid();
        var obj = r.Object("response", "error", "rows")!;
        if (obj.Object("error", "code", "message") is { } error)
        {
            var code = error.Get("code") is { } c ? error.EnumValue<ErrorCode>(c, "code") : ErrorCode.ServerError;
            if (ErrorCodes.HasDetails(code)) throw error.Problem("code", $"{code} carries details the proxy cannot make up; use one of: ServerError, Overloaded, IsBootstrapping, SyntaxError, Unauthorized, Invalid, ConfigError, TruncateError");
            string message = error.String("message", "Configured error from DebugReturner")!;
            return e => e.Respond(code, message);
        }
        if (obj.Object("rows", "columns", "values", "keyspace", "table") is { } rows)
        {
            string ks = rows.String("keyspace", "debug")!, table = rows.String("table", "debug")!;
            var columns = new List<ResultColumn>();
            foreach (var col in rows.ObjectList("columns", "name", "type"))
            {
                string typeText = col.RequiredString("type", "a CQL type such as \"int\" or \"list<text>\"");
                CqlType type;
                try
                {
                    type = CqlType.Parse(typeText);
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException or CqlProtocolException)
                {
                    throw col.Problem("type", $"is not a CQL type: {ex.Message}");
                }
                columns.Add(new ResultColumn(ks, table, col.RequiredString("name", "the column name"), type));
            }
            if (columns.Count == 0) throw rows.Problem("columns", "is required: a list of {\"name\": ..., \"type\": ...}");
            var values = new List<object?[]>();
            if (rows.Get("values") is { } v)
            {
                if (v.ValueKind != JsonValueKind.Array) throw rows.Error("values", "expected an array of rows (arrays)", v);
                int i = 0;
                foreach (var row in v.EnumerateArray())
                {
                    string rowKey = $"values[{i++}]";
                    if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != columns.Count)
                        throw rows.Error(rowKey, $"expected an array of {columns.Count} values", row);
                    var cells = new object?[columns.Count];
                    int j = 0;
                    foreach (var cell in row.EnumerateArray())
                    {
                        try
                        {
                            cells[j] = JsonCqlValue.Convert(cell, columns[j].Type);
                        }
                        catch (FormatException ex)
                        {
                            throw rows.Error($"{rowKey}[{j}]", ex.Message, cell);
                        }
                        j++;
                    }
                    values.Add(cells);
                }
            }
            return e => e.RespondRows(columns, values);
        }
        throw r.Problem("response", "expected \"void\", an object with \"error\", or an object with \"rows\"");
    }

    /// <inheritdoc />
    public ValueTask InvokeAsync(ICqlExchange exchange, StageNext next)
    {
        var request = exchange.Request;
        if (request.Opcode is not (Opcode.Query or Opcode.Execute or Opcode.Batch)) return next(exchange);
        if (_match is not null && (request.Query is not { } q || !_match.IsMatch(q))) return next(exchange);
        _respond(exchange);
        return ValueTask.CompletedTask;
    }
}
