using ScriptProxy.Abstractions.Messages;
using ScriptProxy.Abstractions.Types;
using ScriptProxy.Node.Cql.Ast;
using ScriptProxy.Node.Execution.Ddl;
using ScriptProxy.Node.Execution.Results;
using ScriptProxy.Node.Schema;
using ScriptProxy.Node.Storage;

namespace ScriptProxy.Node.Execution.Modification;

/// <summary>
/// Runs INSERT/UPDATE/DELETE and batches. Unconditional plans lock one partition at a time; a conditional plan
/// (or conditional batch, which must stay in one partition) checks and applies under a single lock, which is what
/// makes it a compare-and-set on this node.
/// </summary>
internal static class ModificationExecutor
{
    public static List<MutationPlan> Plan(Statement s, SchemaSnapshot schema, QueryContext ctx) => s switch
    {
        InsertStatement i => [InsertPlanner.Plan(i, Table(schema, i.Table, ctx), ctx)],
        UpdateStatement u => UpdatePlanner.Plan(u, Table(schema, u.Table, ctx), ctx),
        DeleteStatement d => DeletePlanner.Plan(d, Table(schema, d.Table, ctx), ctx),
        _ => throw CqlException.Invalid($"{s.GetType().Name} is not a modification"),
    };

    private static TableMetadata Table(SchemaSnapshot schema, QualifiedName name, QueryContext ctx)
    {
        var t = SchemaNames.RequireTable(schema, name, ctx);
        if (SchemaNames.IsSystemKeyspace(t.Keyspace) && t.Keyspace != "system_auth" && t.Keyspace != "system_distributed" && t.Keyspace != "system_traces")
            throw new CqlException(Abstractions.Wire.ErrorCode.Unauthorized, $"{t.Keyspace} keyspace is not user-modifiable.");
        return t;
    }

    /// <summary>Applies the plans; <paramref name="isBatch"/> selects Cassandra's batch form of a failed LWT result.</summary>
    public static ExecutionResult Run(IReadOnlyList<MutationPlan> plans, NodeStorage storage, bool isBatch = false)
    {
        var conditional = plans.Where(p => p.Check is not null).ToList();
        if (conditional.Count == 0)
        {
            foreach (var plan in plans)
            {
                var partition = storage.For(plan.Table).GetOrAdd(plan.Key);
                lock (partition.Sync) plan.Apply(partition, WriteClock.WallMicros());
            }
            return NoResult.Instance;
        }
        var first = plans[0];
        if (plans.Any(p => p.Table.Id != first.Table.Id || !p.Key.Equals(first.Key)))
            throw CqlException.Invalid("Batch with conditions cannot span multiple partitions");
        var target = storage.For(first.Table).GetOrAdd(first.Key);
        lock (target.Sync)
        {
            long now = WriteClock.WallMicros();
            ConditionOutcome? failed = null;
            foreach (var plan in conditional)
            {
                var outcome = plan.Check!.Evaluate(target, now);
                if (!outcome.Applied)
                {
                    failed = outcome;
                    break;
                }
            }
            if (failed is not null)
            {
                return isBatch ? BatchCasResult.Failed(first.Table, conditional.Select(p => p.Check!).ToList(), target, now)
                    : new RowSet(failed.Columns, [failed.Values], null);
            }
            foreach (var plan in plans) plan.Apply(target, now);
        }
        return new RowSet([new ColumnSpec(first.Table.Keyspace, first.Table.Name, "[applied]", CqlType.Boolean)], [[true]], null);
    }
}
