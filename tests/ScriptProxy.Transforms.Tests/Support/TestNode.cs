using System.Security.Cryptography;
using System.Text;
using ScriptProxy.Abstractions.Frames;
using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Abstractions.Wire;
using ScriptProxy.Transforms.Cql;

namespace ScriptProxy.Transforms.Tests.Support;

/// <summary>
/// A tiny in-memory CQL "node" for unit tests: tables declared by the test, rows keyed by their first column,
/// SELECT / INSERT / UPDATE / DELETE with literals or bind markers, PREPARE / EXECUTE, BATCH and USE. It validates
/// values against column types like Cassandra does (a text literal into a blob column is Invalid), and answers with
/// real messages. Everything that reaches it is recorded in <see cref="Received"/>.
/// </summary>
public sealed class TestNode
{
    private readonly Dictionary<string, Table> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _prepared = new(StringComparer.Ordinal);

    public List<IRequest> Received { get; } = [];

    public string? Keyspace { get; set; }

    public string Name { get; set; } = "node";

    public void CreateTable(string keyspace, string table, params (string Name, CqlType Type)[] columns) =>
        _tables[$"{keyspace}.{table}"] = new Table(keyspace, table, columns);

    /// <summary>The stored bytes of a cell (null when the row or value is absent).</summary>
    public byte[]? RawCell(string keyspace, string table, object key, string column, byte version = 4)
    {
        var t = _tables[$"{keyspace}.{table}"];
        var keyBytes = CqlValueCodec.Serialize(t.Columns[0].Type, key, version);
        if (!t.Rows.TryGetValue(Convert.ToHexString(keyBytes), out var row)) return null;
        return row[t.IndexOf(column)];
    }

    public int RowCount(string keyspace, string table) => _tables[$"{keyspace}.{table}"].Rows.Count;

    public IResponse Handle(IRequest request, byte version)
    {
        Received.Add(request);
        try
        {
            return request switch
            {
                QueryRequest q => Execute(q.Query, q.Parameters.Values ?? [], q.Parameters.Keyspace, version),
                PrepareRequest p => Prepare(p.Query, version),
                ExecuteRequest e => _prepared.TryGetValue(Convert.ToHexString(e.QueryId.Span), out var text)
                    ? Execute(text, e.Parameters.Values ?? [], e.Parameters.Keyspace, version)
                    : ErrorResponse.Unprepared(e.QueryId),
                BatchRequest b => Batch(b, version),
                _ => new ErrorResponse(ErrorCode.ProtocolError, $"TestNode does not handle {request.Opcode}"),
            };
        }
        catch (InvalidQuery ex)
        {
            return new ErrorResponse(ErrorCode.Invalid, ex.Message);
        }
    }

    private IResponse Batch(BatchRequest b, byte version)
    {
        foreach (var s in b.Statements)
        {
            string text = s.Query ?? (_prepared.TryGetValue(Convert.ToHexString(s.PreparedId!.Value.Span), out var t) ? t : throw new InvalidQuery("unprepared batch child"));
            var r = Execute(text, s.Values, b.Keyspace, version);
            if (r is ErrorResponse) return r;
        }
        return VoidResult.Instance;
    }

    private IResponse Prepare(string text, byte version)
    {
        var stmt = CqlParser.Parse(text);
        var table = Resolve(stmt, null);
        var vars = new ColumnSpec[stmt.MarkerCount];
        foreach (var a in stmt.Assignments.Concat(stmt.WhereEqualities))
        {
            if (a.Term.IsMarker) vars[a.Term.MarkerIndex] = new ColumnSpec(table.Keyspace, table.Name, a.Term.Marker!.Value.Kind == CqlTokenKind.NamedMarker ? a.Term.Marker.Value.Value : a.Column, table.Type(a.Column));
        }
        for (int i = 0; i < vars.Length; i++) vars[i] ??= new ColumnSpec(table.Keyspace, table.Name, $"[limit]", CqlType.Int);
        byte[] id = SHA256.HashData(Encoding.UTF8.GetBytes(text + Name))[..16];
        _prepared[Convert.ToHexString(id)] = text;
        var result = stmt.Verb == "select" ? new RowsMetadata(Selected(stmt, table).Select(c => new ColumnSpec(table.Keyspace, table.Name, c.Name, c.Type)).ToList()) : RowsMetadata.Empty;
        var pk = stmt.Assignments.Concat(stmt.WhereEqualities).Where(a => a.Term.IsMarker && string.Equals(a.Column, table.Columns[0].Name, StringComparison.OrdinalIgnoreCase)).Select(a => (ushort)a.Term.MarkerIndex).Take(1).ToList();
        return new PreparedResult(id, version >= ProtocolVersion.V5 ? (ReadOnlyMemory<byte>?)id : null, new PreparedMetadata(vars, pk), result);
    }

    private Table Resolve(CqlStatement stmt, string? parameterKeyspace)
    {
        string ks = stmt.Keyspace ?? parameterKeyspace ?? Keyspace ?? throw new InvalidQuery("No keyspace has been specified");
        return _tables.TryGetValue($"{ks}.{stmt.Table}", out var t) ? t : throw new InvalidQuery($"unconfigured table {stmt.Table}");
    }

    private IResponse Execute(string text, IReadOnlyList<CqlValueSlice> values, string? parameterKeyspace, byte version)
    {
        var stmt = CqlParser.Parse(text);
        if (stmt.Verb == "use")
        {
            Keyspace = stmt.Keyspace;
            return new SetKeyspaceResult(stmt.Keyspace!);
        }
        var table = Resolve(stmt, parameterKeyspace);
        switch (stmt.Verb)
        {
            case "select":
            {
                var key = stmt.WhereEqualities.FirstOrDefault(w => table.IsKey(w.Column));
                var columns = Selected(stmt, table);
                var specs = columns.Select(c => new ColumnSpec(table.Keyspace, table.Name, c.Name, c.Type)).ToList();
                var builder = new RowsResultBuilder(new RowsMetadata(specs));
                IEnumerable<byte[]?[]> rows = table.Rows.Values;
                if (key is not null)
                {
                    string hex = Convert.ToHexString(Value(stmt, key, table, values, version) ?? []);
                    rows = table.Rows.TryGetValue(hex, out var row) ? [row] : [];
                }
                foreach (var row in rows)
                    builder.AddRow(columns.Select(c => row[table.IndexOf(c.Name)] is { } b ? new CqlValueSlice(b) : CqlValueSlice.Null).ToArray());
                return builder.Build();
            }
            case "insert" or "update":
            {
                var key = (stmt.Verb == "insert" ? stmt.Assignments : stmt.WhereEqualities).FirstOrDefault(a => table.IsKey(a.Column))
                    ?? throw new InvalidQuery($"Missing partition key {table.Columns[0].Name}");
                string hex = Convert.ToHexString(Value(stmt, key, table, values, version) ?? throw new InvalidQuery("Invalid null value for partition key"));
                if (!table.Rows.TryGetValue(hex, out var row)) table.Rows[hex] = row = new byte[]?[table.Columns.Length];
                foreach (var a in stmt.Assignments) row[table.IndexOf(a.Column)] = Value(stmt, a, table, values, version);
                return VoidResult.Instance;
            }
            case "delete":
            {
                var key = stmt.WhereEqualities.First(w => table.IsKey(w.Column));
                table.Rows.Remove(Convert.ToHexString(Value(stmt, key, table, values, version) ?? []));
                return VoidResult.Instance;
            }
            default:
                throw new InvalidQuery($"TestNode does not run {stmt.Verb}");
        }
    }

    private static (string Name, CqlType Type)[] Selected(CqlStatement stmt, Table table)
    {
        var names = new List<string>();
        for (int i = 1; i < stmt.Tokens.Count && !stmt.Tokens[i].Is("from"); i++)
        {
            if (stmt.Tokens[i].IsName) names.Add(stmt.Tokens[i].Value);
        }
        return names.Count == 0 ? table.Columns : [.. names.Select(n => table.Columns[table.IndexOf(n)])];
    }

    private static byte[]? Value(CqlStatement stmt, CqlColumnTerm a, Table table, IReadOnlyList<CqlValueSlice> values, byte version)
    {
        var type = table.Type(a.Column);
        if (a.Term.IsMarker)
        {
            if (a.Term.MarkerIndex >= values.Count) throw new InvalidQuery($"Expected {stmt.MarkerCount} values but got {values.Count}");
            var slice = values[a.Term.MarkerIndex];
            if (slice.IsNull) return null;
            byte[] bytes = slice.Bytes.ToArray();
            try
            {
                CqlValueCodec.Decode(type, bytes, version);
            }
            catch (CqlProtocolException e)
            {
                throw new InvalidQuery($"Invalid value for {a.Column} of type {type}: {e.Message}");
            }
            return bytes;
        }
        if (a.Term.Literal is { } literal && CqlLiteral.TryConvert(literal, type, out var clr))
            return clr is null ? null : CqlValueCodec.Serialize(type, clr, version);
        throw new InvalidQuery($"Invalid literal for {a.Column} of type {type}");
    }

    private sealed class Table(string keyspace, string name, (string Name, CqlType Type)[] columns)
    {
        public string Keyspace { get; } = keyspace;

        public string Name { get; } = name;

        public (string Name, CqlType Type)[] Columns { get; } = columns;

        public Dictionary<string, byte[]?[]> Rows { get; } = new(StringComparer.Ordinal);

        public bool IsKey(string column) => string.Equals(column, Columns[0].Name, StringComparison.OrdinalIgnoreCase);

        public int IndexOf(string column)
        {
            for (int i = 0; i < Columns.Length; i++) if (string.Equals(Columns[i].Name, column, StringComparison.OrdinalIgnoreCase)) return i;
            throw new InvalidQuery($"Undefined column name {column}");
        }

        public CqlType Type(string column) => Columns[IndexOf(column)].Type;
    }

    private sealed class InvalidQuery(string message) : Exception(message);
}
