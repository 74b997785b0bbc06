using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Ddl;
using ScriptProxy.Node.Execution.Modification;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Execution.Select;
using ScriptProxy.Node.Hosting;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;
using ScriptProxy.Node.SystemTables;

namespace ScriptProxy.Node.Execution;

/// <summary>
/// Executes parsed statements against the node's schema and storage. Thread-safe; one instance per node.
/// <paramref name="truncate"/> replaces the local TRUNCATE on a cluster node (it must clear the table everywhere).
/// </summary>
internal sealed class StatementExecutor(SchemaManager schema, NodeStorage storage, Func<EmbeddedNodeOptions> options, Action<TableMetadata>? truncate = null)
{
    public SchemaManager Schema { get; } = schema;

    public NodeStorage Storage { get; } = storage;

    public ExecutionResult Execute(Statement statement, QueryContext ctx)
    {
        switch (statement)
        {
            case SelectStatement s:
                return Select(s, ctx);
            case InsertStatement or UpdateStatement or DeleteStatement:
                return ModificationExecutor.Run(ModificationExecutor.Plan(statement, Schema.Current, ctx), Storage);
            case BatchStatement b:
                return Batch(b, ctx);
            case UseStatement u:
                SchemaNames.RequireKeyspace(Schema.Current, u.Keyspace);
                return new KeyspaceSet(u.Keyspace);
            case CreateKeyspaceStatement s: return KeyspaceDdl.Create(Schema, s);
            case AlterKeyspaceStatement s: return KeyspaceDdl.Alter(Schema, s);
            case DropKeyspaceStatement s: return KeyspaceDdl.Drop(Schema, Storage, s);
            case CreateTableStatement s: return TableDdl.Create(Schema, s, ctx);
            case AlterTableStatement s: return TableDdl.Alter(Schema, Storage, s, ctx);
            case DropTableStatement s: return TableDdl.Drop(Schema, Storage, s, ctx);
            case CreateTypeStatement s: return TypeDdl.Create(Schema, s, ctx);
            case AlterTypeStatement s: return TypeDdl.Alter(Schema, s, ctx);
            case DropTypeStatement s: return TypeDdl.Drop(Schema, s, ctx);
            case CreateIndexStatement s: return IndexDdl.Create(Schema, s, ctx);
            case DropIndexStatement s: return IndexDdl.Drop(Schema, s, ctx);
            case TruncateStatement t:
            {
                var table = SchemaNames.RequireTable(Schema.Current, t.Table, ctx);
                if (SystemSchemaDefinitions.IsComputed(table.Keyspace)) throw new CqlException(Abstractions.Wire.ErrorCode.Unauthorized, $"Cannot TRUNCATE {table.Keyspace}.{table.Name}");
                if (truncate is not null) truncate(table);
                else Storage.For(table).Clear();
                return NoResult.Instance;
            }
            default:
                throw CqlException.Invalid($"Unsupported statement {statement.GetType().Name}");
        }
    }

    private RowSet Select(SelectStatement s, QueryContext ctx)
    {
        var snapshot = Schema.Current;
        var table = SchemaNames.RequireTable(snapshot, s.Table, ctx);
        if (SystemSchemaDefinitions.IsComputed(table.Keyspace))
            return SelectExecutor.Execute(s, table, SystemTableReader.Materialize(table, snapshot, options()), ctx, lenient: true);
        return SelectExecutor.Execute(s, table, Storage.For(table), ctx, lenient: false);
    }

    private ExecutionResult Batch(BatchStatement b, QueryContext ctx)
    {
        var tsValue = b.Timestamp is null ? null : Terms.TermEvaluator.Evaluate(b.Timestamp, Abstractions.Types.CqlType.Bigint, "[timestamp]", ctx.Values);
        var batchCtx = WithBatchTimestamp(ctx, tsValue as long?);
        var plans = new List<MutationPlan>();
        foreach (var child in b.Statements)
        {
            CheckBatchChild(b.Kind, child, Schema.Current, ctx);
            plans.AddRange(ModificationExecutor.Plan(child, Schema.Current, batchCtx));
        }
        return ModificationExecutor.Run(plans, Storage, isBatch: true);
    }

    /// <summary>One timestamp for every child, as Cassandra's coordinator assigns a batch.</summary>
    public static QueryContext WithBatchTimestamp(QueryContext ctx, long? explicitTimestamp) => new()
    {
        Keyspace = ctx.Keyspace,
        Values = ctx.Values,
        ProtocolVersion = ctx.ProtocolVersion,
        DefaultTimestamp = ctx.DefaultTimestamp,
        BatchTimestamp = explicitTimestamp ?? ctx.DefaultTimestamp ?? WriteClock.NowMicros(),
    };

    public static void CheckBatchChild(BatchKind kind, Statement child, SchemaSnapshot schema, QueryContext ctx)
    {
        if (child is not (InsertStatement or UpdateStatement or DeleteStatement))
            throw CqlException.Invalid("Only INSERT, UPDATE and DELETE statements are allowed in a BATCH");
        var name = child switch { InsertStatement i => i.Table, UpdateStatement u => u.Table, DeleteStatement d => d.Table, _ => null! };
        var table = SchemaNames.RequireTable(schema, name, ctx);
        if (kind == BatchKind.Counter && !table.IsCounter) throw CqlException.Invalid("Cannot include non-counter statement in a counter batch");
        if (kind != BatchKind.Counter && table.IsCounter) throw CqlException.Invalid("Cannot include a counter statement in a logged batch");
    }
}
